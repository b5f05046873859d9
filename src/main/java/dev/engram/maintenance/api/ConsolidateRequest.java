package dev.engram.maintenance.api;

/**
 * Body of {@code POST /v1/maintenance/consolidate}; every field is optional.
 *
 * @param timeWindowHours     compare memories created within this many hours (default: the configured window)
 * @param similarityThreshold minimum cosine similarity of near-duplicates, 0.5–1 (default 0.85)
 * @param dryRun              report the groups without changing anything
 */
public record ConsolidateRequest(Integer timeWindowHours, Double similarityThreshold, Boolean dryRun) {
}
