package dev.engram.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A live session: its metadata and, when asked for, its turns (oldest first). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionResponse(String sessionId, String userId, String agentId, UUID contextId, Instant createdAt,
                              Instant lastAccess, long accessCount, long ttlSeconds, long turnCount,
                              long promotedThroughSeq, List<Turn> turns) {
}
