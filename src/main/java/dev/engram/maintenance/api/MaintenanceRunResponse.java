package dev.engram.maintenance.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One maintenance run of one tenant (the source documents' MemoryCleanupLog).
 *
 * @param type            {@code cleanup}, {@code decay}, {@code consolidation} or {@code optimize}
 * @param parameters      what the run was asked to do (e.g. the age rule's thresholds, the decay rate)
 * @param details         per rule, how many memories it removed (cleanup)
 * @param processed       memories acted upon (removed, archived or decayed)
 * @param updated         memories changed in place (decay; erasure: restored and cleaned survivors)
 * @param spaceFreedBytes approximate size of the removed rows ({@code pg_column_size}); the disk space returns
 *                        to PostgreSQL's free space map after VACUUM, not to the operating system
 * @param executedBy      {@code api}, {@code scheduler@<pod>} or {@code job@<pod>}
 * @param error           why the run failed, when {@code success} is false
 * @param groups          consolidation: the groups of near-duplicates found (merged unless a dry run); null otherwise
 */
public record MaintenanceRunResponse(UUID id, String type, String description, Map<String, Object> parameters,
                                     Map<String, Long> details, long processed, long deleted, long archived,
                                     long updated, long spaceFreedBytes, Instant startedAt, Instant completedAt,
                                     long durationMillis, String executedBy, boolean success, String error,
                                     List<ConsolidationGroup> groups) {
}
