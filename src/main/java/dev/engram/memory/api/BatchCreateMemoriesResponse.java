package dev.engram.memory.api;

import java.util.List;

/** The stored memories, in request order. */
public record BatchCreateMemoriesResponse(int count, List<MemoryResponse> memories) {
}
