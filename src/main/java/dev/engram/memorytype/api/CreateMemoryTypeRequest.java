package dev.engram.memorytype.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A custom memory type. {@code retentionPeriod} is an ISO-8601 duration such as {@code P90D} (absent: kept until
 * cleaned by other rules); {@code maxCapacity} bounds how many memories of the type a tenant keeps.
 */
public record CreateMemoryTypeRequest(
        @NotBlank @Pattern(regexp = "^[a-z][a-z0-9_-]{0,63}$",
                message = "must start with a lower-case letter and contain only a-z, 0-9, '_' or '-' (at most 64)")
        String code,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @Size(max = 40) String retentionPeriod,
        @Positive Integer maxCapacity,
        Integer priority,
        Boolean active) {
}
