package dev.engram.memory.api;

import dev.engram.memory.ValidationStatus;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Changes to a memory; absent (or null) fields stay as they are. A new {@code content} or {@code title} is embedded
 * again. {@code metadata} replaces the stored map; an empty {@code searchContext} removes it. Keywords and entities
 * carry {@link CreateMemoryRequest}'s element constraints (no null or blank element), and a given {@code content} must
 * not be blank, as on create.
 */
public record UpdateMemoryRequest(
        @Size(max = 64) String type,
        @Size(min = 1) String content,
        @Size(max = 500) String title,
        @Size(max = 4000) String summary,
        Map<String, Object> structuredData,
        @Size(max = 100) List<@NotBlank @Size(max = 100) String> keywords,
        @Size(max = 100) List<@NotBlank @Size(max = 200) String> entities,
        @DecimalMin("0.0") @DecimalMax("1.0") Double importance,
        @DecimalMin("0.0") @DecimalMax("1.0") Double confidence,
        UUID contextId,
        @Size(max = 200) String learnedFrom,
        ValidationStatus validationStatus,
        Instant expiresAt,
        Boolean permanent,
        Map<String, Object> metadata,
        Instant occurredAt,
        @Size(max = 8000) String searchContext) {
}
