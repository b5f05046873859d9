package dev.engram.insight.api;

import java.time.Instant;
import java.util.List;

/**
 * The health of the tenant's memory: a score from 0 to 100, a status ({@code healthy} ≥ 80, {@code degraded} ≥ 50,
 * {@code unhealthy}), and the issues found with what they cost and what to do about them.
 */
public record MemoryHealthResponse(int score, String status, long totalMemories, String embeddingModel,
                                   Instant checkedAt, List<HealthIssue> issues) {

    /**
     * @param code            {@code expired_not_cleaned}, {@code retention_overdue}, {@code duplicates},
     *                        {@code stale_embeddings} or {@code capacity_pressure}
     * @param affected        memories concerned (for capacity: memories beyond capacity)
     * @param cost            points taken off the score
     */
    public record HealthIssue(String code, String severity, String message, long affected, double cost,
                              String suggestedAction) {
    }
}
