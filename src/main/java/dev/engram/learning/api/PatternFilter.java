package dev.engram.learning.api;

/** Filters of pattern queries; null means "any". */
public record PatternFilter(String patternType, String userId, String agentId, Boolean active, Double minConfidence) {
}
