package dev.engram.learning.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * A learning pattern to store. {@code name} and {@code patternType} are required; {@code confidence} (the pattern's
 * prior confidence) defaults to 0.5, {@code support} and {@code frequency} to 0, {@code active} to true.
 */
public record CreatePatternRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Pattern(regexp = "^[a-z][a-z0-9_-]{0,63}$",
                message = "must be lower-case letters, digits, '_' or '-', starting with a letter (behavioral, temporal, preference, error, success, …)")
        String patternType,
        @Size(max = 4000) String description,
        @Size(max = 200) String userId,
        @Size(max = 200) String agentId,
        Map<String, Object> conditions,
        Map<String, Object> actions,
        Map<String, Object> patternData,
        @DecimalMin("0.0") @DecimalMax("1.0") Double confidence,
        @Min(0) Integer support,
        @Min(0) Integer frequency,
        Boolean active) {
}
