package dev.engram.maintenance.api;

/**
 * Body of {@code POST /v1/maintenance/optimize}; optional, as are both parts (defaults: the configured consolidation
 * window and threshold, the cleanup rules without the age rule). There is no dry run: VACUUM cannot be previewed.
 */
public record OptimizeRequest(ConsolidateRequest consolidate, CleanupRequest cleanup) {
}
