package dev.engram.context.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A context with how many memories it holds and how long it has lasted (until endedAt, or until now). */
public record ContextResponse(UUID id, String type, String name, String description, String userId, String agentId,
                              Map<String, Object> metadata, List<String> tags, String status, Instant startedAt,
                              Instant endedAt, Instant lastAccessed, Instant createdAt, Instant updatedAt,
                              long memoryCount, long durationSeconds) {
}
