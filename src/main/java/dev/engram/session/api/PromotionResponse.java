package dev.engram.session.api;

import dev.engram.memory.api.MemoryResponse;

import java.util.List;
import java.util.UUID;

/** What a promotion stored: episodic memories of new turns and, when any, a contextual summary. */
public record PromotionResponse(String sessionId, UUID contextId, int stored, long promotedThroughSeq,
                                List<MemoryResponse> memories, MemoryResponse summary) {
}
