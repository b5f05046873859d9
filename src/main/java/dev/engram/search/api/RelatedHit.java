package dev.engram.search.api;

import dev.engram.graph.api.GraphPath;
import dev.engram.memory.api.MemoryResponse;

/**
 * A memory reached from a search hit through the memory graph. {@code score} = the hit's score × Π(strength ×
 * confidence of each association) × depthDecay^depth; {@code path} says from which hit, over which association
 * types and through which memories.
 */
public record RelatedHit(double score, MemoryResponse memory, GraphPath path) {
}
