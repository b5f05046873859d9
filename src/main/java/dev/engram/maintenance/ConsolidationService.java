package dev.engram.maintenance;

import dev.engram.event.EventPublisher;
import dev.engram.event.EventType;
import dev.engram.maintenance.api.ConsolidationGroup;
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
 * Consolidation of one tenant's near-duplicates (same user, same type, created within the window, cosine similarity
 * at or above the threshold): connected components of the pairs, each merged into the survivor that
 * {@link SurvivorPolicy} picks, in one transaction per group. Recorded as a maintenance run of type consolidation.
 */
@ApplicationScoped
public class ConsolidationService {

    private static final Logger LOG = Logger.getLogger(ConsolidationService.class);

    /** What a run is asked to do. */
    public record Params(Duration timeWindow, double similarityThreshold, boolean dryRun) {
    }

    private final ConsolidationRepository repository;
    private final MaintenanceRunRepository runs;
    private final MaintenanceConfig config;
    private final EventPublisher events;
    private final Clock clock;

    ConsolidationService(ConsolidationRepository repository, MaintenanceRunRepository runs, MaintenanceConfig config,
                         EventPublisher events, Clock clock) {
        this.repository = repository;
        this.runs = runs;
        this.config = config;
        this.events = events;
        this.clock = clock;
    }

    public Params defaults() {
        MaintenanceConfig.Consolidate c = config.consolidate();
        return new Params(c.timeWindow(), c.similarityThreshold(), false);
    }

    public MaintenanceRunResponse consolidate(String tenantId, Params params, String executedBy) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        List<ConsolidationGroup> groups = new ArrayList<>();
        long moved = 0;
        String error = null;
        try {
            List<List<UUID>> found = DuplicateGroups.of(repository.pairs(tenantId, started.minus(params.timeWindow()),
                    params.similarityThreshold(), config.consolidate().maxMemories()));
            for (List<UUID> group : found) {
                ConsolidationRepository.Merge merge = params.dryRun() ? preview(tenantId, group)
                        : merge(tenantId, group);
                if (merge != null) {
                    groups.add(new ConsolidationGroup(merge.survivorId(), merge.supersededIds()));
                    moved += merge.associationsMoved();
                    publish(tenantId, merge, params.dryRun());
                }
            }
        } catch (RuntimeException e) {
            error = RunFailure.logged(LOG, e, "Consolidation", "tenant " + tenantId + ", " + groups.size()
                    + " groups merged before");
        }
        return record(tenantId, params, executedBy, started, t0, groups, moved, error);
    }

    /** Merges one group; tried again when PostgreSQL aborts it in a lock conflict (a deadlock). */
    private ConsolidationRepository.Merge merge(String tenantId, List<UUID> group) {
        return dev.engram.platform.DatabaseFailures.retryingLockConflicts(
                () -> repository.merge(tenantId, group, clock.instant().truncatedTo(ChronoUnit.MICROS)));
    }

    /** The merge a real run would do, without changing anything. */
    private ConsolidationRepository.Merge preview(String tenantId, List<UUID> group) {
        List<SurvivorPolicy.Member> live = repository.members(tenantId, group);
        if (live.size() < 2) {
            return null;
        }
        UUID survivor = SurvivorPolicy.survivor(live).id();
        return new ConsolidationRepository.Merge(survivor,
                live.stream().map(SurvivorPolicy.Member::id).filter(id -> !id.equals(survivor)).toList(), 0);
    }

    private void publish(String tenantId, ConsolidationRepository.Merge merge, boolean dryRun) {
        if (!dryRun) {
            events.publish(tenantId, EventType.MEMORY_CONSOLIDATED, Map.of("survivorId", merge.survivorId().toString(),
                    "supersededIds", merge.supersededIds().stream().map(UUID::toString).toList()));
        }
    }

    private MaintenanceRunResponse record(String tenantId, Params params, String executedBy, Instant started, long t0,
                                          List<ConsolidationGroup> groups, long moved, String error) {
        long merged = groups.stream().mapToLong(g -> g.supersededIds().size()).sum();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("timeWindowHours", params.timeWindow().toHours());
        parameters.put("similarityThreshold", params.similarityThreshold());
        parameters.put("dryRun", params.dryRun());
        parameters.put("maxMemories", config.consolidate().maxMemories());
        Map<String, Long> details = new LinkedHashMap<>();
        details.put("groups", (long) groups.size());
        details.put("merged", merged);
        details.put("associationsMoved", moved);
        String description = (params.dryRun() ? "Dry run: would merge " : "Merged ") + merged
                + " near-duplicate memories into " + groups.size() + " survivors";
        MaintenanceRunResponse run = new MaintenanceRunResponse(UUID.randomUUID(), "consolidation", description,
                parameters, details, params.dryRun() ? 0 : merged, 0, 0, params.dryRun() ? 0 : groups.size(), 0,
                started.truncatedTo(ChronoUnit.MICROS), clock.instant().truncatedTo(ChronoUnit.MICROS),
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), executedBy, error == null, error, groups);
        runs.insert(tenantId, run);
        return run;
    }
}
