package dev.engram.maintenance;

import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.maintenance.api.OptimizeResponse;
import dev.engram.maintenance.api.TableSpace;
import dev.engram.maintenance.api.VacuumResult;
import dev.engram.platform.ClusterLock;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Optimization of one tenant: consolidation, then cleanup (each recorded as its own run, as when called alone), then
 * VACUUM (ANALYZE) of Engram's tables under a cluster lock, so that two pods never vacuum at once; a pod that finds
 * the lock taken skips the step. VACUUM works on whole tables: it serves every tenant, not only the caller. The whole
 * is recorded as a run of type {@code optimize} whose {@code spaceFreedBytes} is what VACUUM gave back to the
 * operating system.
 */
@ApplicationScoped
public class OptimizeService {

    static final String LOCK = "vacuum";
    private static final Logger LOG = Logger.getLogger(OptimizeService.class);

    private final ConsolidationService consolidation;
    private final CleanupService cleanup;
    private final VacuumRepository vacuums;
    private final MaintenanceRunRepository runs;
    private final ClusterLock lock;
    private final Clock clock;

    OptimizeService(ConsolidationService consolidation, CleanupService cleanup, VacuumRepository vacuums,
                    MaintenanceRunRepository runs, ClusterLock lock, Clock clock) {
        this.consolidation = consolidation;
        this.cleanup = cleanup;
        this.vacuums = vacuums;
        this.runs = runs;
        this.lock = lock;
        this.clock = clock;
    }

    public OptimizeResponse optimize(String tenantId, ConsolidationService.Params consolidate, CleanupParams clean,
                                     String executedBy) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        MaintenanceRunResponse merged = consolidation.consolidate(tenantId, consolidate, executedBy);
        MaintenanceRunResponse cleaned = cleanup.cleanup(tenantId, clean, executedBy);
        VacuumResult vacuum = vacuum();
        String error = error(merged, cleaned, vacuum);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("consolidation", merged.parameters());
        parameters.put("cleanup", cleaned.parameters());
        parameters.put("consolidationRunId", merged.id().toString());
        parameters.put("cleanupRunId", cleaned.id().toString());
        parameters.put("vacuumedTables", vacuum.tables().stream().map(TableSpace::table).toList());
        Map<String, Long> details = new LinkedHashMap<>();
        details.put("merged", merged.processed());
        details.put("removed", cleaned.processed());
        details.put("cleanupRowBytes", cleaned.spaceFreedBytes());
        details.put("vacuumedTables", (long) vacuum.tables().size());
        details.put("vacuumSkipped", vacuum.skipped() ? 1L : 0L);
        String description = (error == null ? "" : "Failed (see error): ") + "Merged " + merged.processed() + " near-duplicates, removed " + cleaned.processed()
                + " memories, " + (vacuum.skipped() ? "vacuum skipped (" + vacuum.reason() + ")"
                : "vacuumed " + vacuum.tables().size() + " tables freeing " + vacuum.bytesFreed() + " bytes");
        MaintenanceRunResponse run = new MaintenanceRunResponse(UUID.randomUUID(), "optimize", description,
                parameters, details, merged.processed() + cleaned.processed(), cleaned.deleted(), cleaned.archived(),
                merged.updated(), vacuum.bytesFreed(), started.truncatedTo(ChronoUnit.MICROS),
                clock.instant().truncatedTo(ChronoUnit.MICROS), Duration.ofNanos(System.nanoTime() - t0).toMillis(),
                executedBy, error == null, error, null);
        runs.insert(tenantId, run);
        return new OptimizeResponse(run, merged, cleaned, vacuum);
    }

    private VacuumResult vacuum() {
        long t0 = System.nanoTime();
        try {
            return lock.runExclusively(LOCK, () -> vacuums.vacuum(VacuumRepository.TABLES))
                    .map(tables -> new VacuumResult(false, null, tables,
                            tables.stream().mapToLong(TableSpace::bytesFreed).sum(), millisSince(t0)))
                    .orElseGet(() -> new VacuumResult(true, "another instance is vacuuming", List.of(), 0,
                            millisSince(t0)));
        } catch (RuntimeException e) {
            return new VacuumResult(false, RunFailure.logged(LOG, e, "VACUUM", "Engram's tables"), List.of(), 0,
                    millisSince(t0));
        }
    }

    private static String error(MaintenanceRunResponse merged, MaintenanceRunResponse cleaned, VacuumResult vacuum) {
        if (!merged.success()) {
            return "consolidation failed: " + merged.error();
        }
        if (!cleaned.success()) {
            return "cleanup failed: " + cleaned.error();
        }
        if (!vacuum.skipped() && vacuum.reason() != null) {
            return "vacuum failed: " + vacuum.reason();
        }
        return null;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
