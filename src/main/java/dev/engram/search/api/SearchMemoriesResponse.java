package dev.engram.search.api;

import java.util.List;

/** Hits ordered by score, best first. */
public record SearchMemoriesResponse(List<MemoryHit> hits, String mode, String model, long tookMillis) {
}
