package dev.engram.maintenance.api;

/**
 * The cleanup part of {@code POST /v1/maintenance/optimize}; the same parameters as the query of
 * {@code POST /v1/maintenance/cleanup}, every one optional.
 *
 * @param maxAgeDays     runs the age rule ({@code cleanup_old_memories}) for memories older than this, 1–36500
 * @param minImportance  age rule: only memories with importance below this, 0–1 (default: configured)
 * @param maxAccessCount age rule: only memories accessed at most this often (default: configured)
 */
public record CleanupRequest(Integer maxAgeDays, Double minImportance, Integer maxAccessCount) {
}
