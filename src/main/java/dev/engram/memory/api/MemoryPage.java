package dev.engram.memory.api;

import java.util.List;

/** One page of memories; pass {@code nextCursor} as {@code cursor} for the next page (absent on the last page). */
public record MemoryPage(List<MemoryResponse> items, String nextCursor) {
}
