package dev.engram.experience.api;

import java.time.Instant;
import java.util.List;

/**
 * Experiences aggregated by issue signature. {@code bestFix} is the action list that succeeded most often (ties: the
 * most recent), {@code confidence = min(1, attempts / 10)}.
 */
public record IssuePatternResponse(String signature, String issueType, String subjectFamily, int attempts,
                                   int successCount, int failureCount, double successRate, List<String> bestFix,
                                   int bestFixSuccesses, double confidence, Instant firstSeen, Instant lastSeen) {
}
