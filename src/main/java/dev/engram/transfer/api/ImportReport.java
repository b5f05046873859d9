package dev.engram.transfer.api;

import java.util.List;
import java.util.Map;

/**
 * What {@code POST /v1/import} did (or, with {@code dryRun}, would do).
 *
 * @param created       records written, per kind
 * @param skipped       records whose id (a memory type's code) already exists in this tenant: left as they are
 * @param rejected      the first rejected records with line and reason (at most 100)
 * @param rejectedCount all rejected records, also those beyond the list
 * @param reembedded    memories, knowledge entries and experiences whose vector was computed again (absent, of another
 *                      dimension or of another model); with dryRun: how many would be
 * @param dryRun        true when nothing was kept
 * @param tookMillis    duration of the import
 */
public record ImportReport(Map<String, Long> created, Map<String, Long> skipped, List<ImportRejection> rejected,
                           long rejectedCount, long reembedded, boolean dryRun, long tookMillis) {
}
