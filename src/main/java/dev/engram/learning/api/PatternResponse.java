package dev.engram.learning.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A learning pattern. {@code priorConfidence} is the confidence it was given; {@code confidence} combines it with the
 * recorded outcomes; {@code successRate} is null until the pattern has been applied.
 */
public record PatternResponse(
        UUID id, String name, String patternType, String description, String userId, String agentId,
        Map<String, Object> conditions, Map<String, Object> actions, Map<String, Object> patternData,
        double priorConfidence, double confidence, int support, int frequency, long appliedCount, long successCount,
        Double successRate, Instant lastApplied, boolean active, Instant createdAt, Instant updatedAt, long version) {
}
