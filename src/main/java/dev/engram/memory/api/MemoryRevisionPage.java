package dev.engram.memory.api;

import java.util.List;
import java.util.UUID;

/** A memory's earlier versions, newest first; pass {@code nextCursor} as {@code cursor} for older ones. */
public record MemoryRevisionPage(UUID memoryId, List<MemoryRevision> items, String nextCursor) {
}
