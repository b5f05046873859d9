package dev.engram.session.api;

/** Where the appended turns landed: their sequence numbers, the turns kept, and the session's TTL. */
public record AppendTurnsResponse(String sessionId, long firstSeq, long lastSeq, long turnCount, long ttlSeconds) {
}
