package dev.engram.learning.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * Changes to a learning pattern; absent fields stay. A new {@code confidence} replaces the prior confidence, and the
 * current confidence is recomputed from it and the recorded outcomes. The counters change only through applications.
 */
public record UpdatePatternRequest(
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Pattern(regexp = "^[a-z][a-z0-9_-]{0,63}$",
                message = "must be lower-case letters, digits, '_' or '-', starting with a letter") String patternType,
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
