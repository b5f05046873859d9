package dev.engram.graph.api;

import java.util.List;
import java.util.UUID;

/**
 * How a related hit was reached: from the search hit {@code fromHitId}, over {@code depth} associations of the
 * given {@code types} (in path order), through the memories {@code memoryIds} (the hit first, this memory last).
 */
public record GraphPath(UUID fromHitId, int depth, List<String> types, List<UUID> memoryIds) {
}
