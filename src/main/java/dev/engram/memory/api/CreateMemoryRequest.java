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
 * A memory to store. Only {@code content} is required; {@code type} defaults to {@code semantic}, {@code importance}
 * to 0.5, {@code confidence} to 1.0 and {@code occurredAt} (event time, settable for imports) to now.
 * {@code searchContext} is text that situates the memory (for a conversation turn: the turn before it; for a chunk:
 * its document's title and section) — it is indexed for keyword search with the content, but it is not the memory.
 */
public record CreateMemoryRequest(
        @Size(max = 64) String type,
        @NotBlank String content,
        @Size(max = 500) String title,
        @Size(max = 4000) String summary,
        Map<String, Object> structuredData,
        @Size(max = 100) List<@NotBlank @Size(max = 100) String> keywords,
        @Size(max = 100) List<@NotBlank @Size(max = 200) String> entities,
        @DecimalMin("0.0") @DecimalMax("1.0") Double importance,
        @DecimalMin("0.0") @DecimalMax("1.0") Double confidence,
        UUID contextId,
        @Size(max = 200) String userId,
        @Size(max = 200) String agentId,
        @Size(max = 200) String learnedFrom,
        ValidationStatus validationStatus,
        Instant expiresAt,
        Boolean permanent,
        Map<String, Object> metadata,
        Instant occurredAt,
        @Size(max = 200) String createdBy,
        @Size(max = 8000) String searchContext) {

    /** Every field but {@code searchContext}. */
    public CreateMemoryRequest(String type, String content, String title, String summary,
                               Map<String, Object> structuredData, List<String> keywords, List<String> entities,
                               Double importance, Double confidence, UUID contextId, String userId, String agentId,
                               String learnedFrom, ValidationStatus validationStatus, Instant expiresAt,
                               Boolean permanent, Map<String, Object> metadata, Instant occurredAt, String createdBy) {
        this(type, content, title, summary, structuredData, keywords, entities, importance, confidence, contextId,
                userId, agentId, learnedFrom, validationStatus, expiresAt, permanent, metadata, occurredAt, createdBy,
                null);
    }
}
