package dev.engram.knowledge.api;

import java.util.List;

/** Hits best first: by similarity with a query, newest first for a tag-only search. */
public record SearchKnowledgeResponse(List<KnowledgeHit> hits, String model, long tookMillis) {
}
