package dev.engram.memory.api;

import java.time.Instant;

/**
 * An earlier version of a memory: {@code memory} as a GET answered it at {@code version}, until a PATCH replaced it
 * at {@code replacedAt}.
 */
public record MemoryRevision(long version, Instant replacedAt, MemoryResponse memory) {
}
