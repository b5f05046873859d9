package dev.engram.memorytype.api;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Changes to a memory type; absent fields stay as they are. Changing a built-in type creates a tenant override. */
public record UpdateMemoryTypeRequest(
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Size(max = 2000) String description,
        @Size(max = 40) String retentionPeriod,
        @Positive Integer maxCapacity,
        Integer priority,
        Boolean active) {
}
