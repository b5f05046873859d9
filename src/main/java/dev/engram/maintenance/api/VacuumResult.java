package dev.engram.maintenance.api;

import java.util.List;

/**
 * The VACUUM (ANALYZE) step of an optimization. It works on whole tables, for every tenant at once; it is skipped
 * (and says why) when another pod is vacuuming.
 *
 * @param skipped        true when another instance held the vacuum lock
 * @param reason         why it was skipped, or why it failed
 * @param tables         every vacuumed table with its size before and after
 * @param bytesFreed     the sum of the tables' {@code bytesFreed}
 * @param durationMillis time the step took
 */
public record VacuumResult(boolean skipped, String reason, List<TableSpace> tables, long bytesFreed,
                           long durationMillis) {
}
