package dev.engram.maintenance;

import dev.engram.event.EventPublisher;
import dev.engram.event.EventType;
import dev.engram.maintenance.api.MaintenanceRunResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Retention cleanup of one tenant: expired memories, memories past their type's retention, memories beyond their
 * type's capacity, and (when asked) old unimportant unused ones — deleted or archived by configuration, in batches of
 * set-based statements. Every run, successful or not, is recorded as a maintenance run and announced as a
 * {@code cleanup_completed} event.
 */
@ApplicationScoped
public class CleanupService {

    private static final Logger LOG = Logger.getLogger(CleanupService.class);

    private final MaintenanceRepository repository;
    private final MaintenanceRunRepository runs;
    private final MaintenanceConfig config;
    private final EventPublisher events;
    private final Clock clock;

    CleanupService(MaintenanceRepository repository, MaintenanceRunRepository runs, MaintenanceConfig config,
                   EventPublisher events, Clock clock) {
        this.repository = repository;
        this.runs = runs;
        this.config = config;
        this.events = events;
        this.clock = clock;
    }

    public MaintenanceRunResponse cleanup(String tenantId, CleanupParams params, String executedBy) {
        return cleanupAt(tenantId, params, executedBy, clock.instant());
    }

    /**
     * With {@code dryRun}: what the cleanup would remove per rule ({@code details}), computed by the real statements
     * in a transaction that is rolled back; nothing changes and no event is published, but the run is recorded.
     */
    public MaintenanceRunResponse cleanup(String tenantId, CleanupParams params, String executedBy, boolean dryRun) {
        return dryRun ? previewAt(tenantId, params, executedBy, clock.instant())
                : cleanupAt(tenantId, params, executedBy, clock.instant());
    }

    /** The parameters of scheduled and command-mode cleanups, from configuration. */
    public CleanupParams scheduledParams() {
        MaintenanceConfig.Cleanup c = config.cleanup();
        Integer days = c.maxAge().map(d -> (int) Math.max(1, d.toDays())).orElse(null);
        return new CleanupParams(days, c.minImportance(), c.maxAccessCount());
    }

    /** Runs the cleanup as of {@code now} (tests pass a fixed instant). */
    MaintenanceRunResponse cleanupAt(String tenantId, CleanupParams params, String executedBy, Instant now) {
        UUID runId = UUID.randomUUID();
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        boolean archive = config.cleanup().mode() == MaintenanceConfig.Mode.ARCHIVE;
        Map<String, Long> details = new LinkedHashMap<>();
        long rows = 0;
        long bytes = 0;
        String error = null;
        try {
            for (CleanupRule rule : rules(params)) {
                long ruleRows = 0;
                MaintenanceRepository.Removal batch;
                do {
                    batch = repository.removeBatch(tenantId, rule, params, now, archive, runId, config.batchSize());
                    ruleRows += batch.rows();
                    bytes += batch.bytes();
                } while (batch.rows() == config.batchSize());
                details.put(rule.code(), ruleRows);
                rows += ruleRows;
            }
        } catch (RuntimeException e) {
            error = RunFailure.logged(LOG, e, "Cleanup", "tenant " + tenantId + ", after removing " + rows
                    + " memories");
        }
        Map<String, Object> parameters = new LinkedHashMap<>(params.asMap());
        parameters.put("mode", archive ? "archive" : "delete");
        parameters.put("asOf", now.toString());
        MaintenanceRunResponse run = new MaintenanceRunResponse(runId, "cleanup", description(details, archive, error),
                parameters, details, rows, archive ? 0 : rows, archive ? rows : 0, 0, bytes,
                started.truncatedTo(ChronoUnit.MICROS), clock.instant().truncatedTo(ChronoUnit.MICROS),
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), executedBy, error == null, error, null);
        runs.insert(tenantId, run);
        events.publish(tenantId, EventType.CLEANUP_COMPLETED, Map.of("runId", runId.toString(), "processed", rows,
                "deleted", run.deleted(), "archived", run.archived(), "success", run.success()));
        return run;
    }

    /** The dry run as of {@code now}. */
    MaintenanceRunResponse previewAt(String tenantId, CleanupParams params, String executedBy, Instant now) {
        UUID runId = UUID.randomUUID();
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        boolean archive = config.cleanup().mode() == MaintenanceConfig.Mode.ARCHIVE;
        Map<String, Long> details = new LinkedHashMap<>();
        String error = null;
        try {
            repository.preview(tenantId, rules(params), params, now, archive, runId, config.batchSize())
                    .forEach((rule, removal) -> details.put(rule.code(), removal.rows()));
        } catch (RuntimeException e) {
            error = RunFailure.logged(LOG, e, "Cleanup dry run", "tenant " + tenantId);
        }
        Map<String, Object> parameters = new LinkedHashMap<>(params.asMap());
        parameters.put("mode", archive ? "archive" : "delete");
        parameters.put("asOf", now.toString());
        parameters.put("dryRun", true);
        // a failed dry run computed nothing: "would delete nothing" would read as a clean tenant
        MaintenanceRunResponse run = new MaintenanceRunResponse(runId, "cleanup", error != null
                ? "Dry run failed (see error); nothing was changed"
                : (archive ? "Dry run: would archive " : "Dry run: would delete ") + counts(details),
                parameters, details, 0, 0, 0, 0, 0,
                started.truncatedTo(ChronoUnit.MICROS), clock.instant().truncatedTo(ChronoUnit.MICROS),
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), executedBy, error == null, error, null);
        runs.insert(tenantId, run);
        return run;
    }

    private static List<CleanupRule> rules(CleanupParams params) {
        List<CleanupRule> rules = new ArrayList<>(List.of(CleanupRule.EXPIRED, CleanupRule.RETENTION,
                CleanupRule.CAPACITY));
        if (params.ageRule()) {
            rules.add(CleanupRule.AGE);
        }
        return rules;
    }

    private static String description(Map<String, Long> details, boolean archive, String error) {
        if (error != null) {
            // the rules after the failing one did not run: say so rather than "Deleted nothing"
            return "Failed (see error) after " + (archive ? "archiving " : "deleting ") + counts(details);
        }
        return (archive ? "Archived " : "Deleted ") + counts(details);
    }

    private static String counts(Map<String, Long> details) {
        List<String> parts = new ArrayList<>();
        details.forEach((rule, n) -> parts.add(n + " " + rule));
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }
}
