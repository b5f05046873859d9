package dev.engram.memorytype.api;

import java.time.Instant;

/** A memory type as a tenant sees it; {@code builtIn} types are shared and can be overridden, not deleted. */
public record MemoryTypeResponse(String code, String name, String description, String retentionPeriod,
                                 Integer maxCapacity, int priority, boolean active, boolean builtIn,
                                 Instant createdAt, Instant updatedAt) {
}
