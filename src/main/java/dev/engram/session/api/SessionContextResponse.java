package dev.engram.session.api;

import dev.engram.search.api.MemoryHit;

import java.util.List;

/**
 * Prompt-ready context: the most recent turns within the budget, the most relevant long-term memories for
 * {@code query} (the given one, or the last user turn), an estimate of their tokens and a plain-text rendering.
 */
public record SessionContextResponse(String sessionId, String query, List<Turn> messages, List<MemoryHit> memories,
                                     int estimatedTokens, String text) {
}
