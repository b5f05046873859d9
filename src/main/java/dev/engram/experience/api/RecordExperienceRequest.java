package dev.engram.experience.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One attempt at resolving an issue: what was wrong with which subject (e.g. a model), who tried what, and whether it
 * worked. {@code response} is the problematic output (its length enters the signature); {@code occurredAt} defaults
 * to now and may be set for imports.
 */
public record RecordExperienceRequest(
        @NotBlank @Size(max = 200) String subject,
        @NotBlank @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$",
                message = "must be 1-64 letters, digits, '_', '.', ':' or '-' (e.g. empty_response, repetition)")
        String issueType,
        @NotBlank @Size(max = 8000) String description,
        @Size(max = 32768) String prompt,
        @Size(max = 65536) String response,
        @Size(max = 200) String actor,
        @Size(max = 16000) String analysis,
        @Size(max = 50) List<@NotBlank @Size(max = 2000) String> actions,
        @NotNull Boolean success,
        Boolean verified,
        @PositiveOrZero Double durationSeconds,
        Map<String, Object> environment,
        @Size(max = 16000) String notes,
        Instant occurredAt) {
}
