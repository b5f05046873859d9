package dev.engram.maintenance;

import dev.engram.platform.ClusterJob;
import dev.engram.platform.ClusterJobs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consolidation of every tenant with the configured window and threshold, once per cluster: in-process every
 * {@code engram.maintenance.consolidate.every} (off by default) or as {@code java -jar quarkus-run.jar job consolidate}.
 */
@ApplicationScoped
class ConsolidationJob implements ClusterJob {

    private final MaintenanceRepository repository;
    private final ConsolidationService consolidation;
    private final ClusterJobs jobs;

    ConsolidationJob(MaintenanceRepository repository, ConsolidationService consolidation, ClusterJobs jobs) {
        this.repository = repository;
        this.consolidation = consolidation;
        this.jobs = jobs;
    }

    @Override
    public String name() {
        return "consolidate";
    }

    @Override
    public Result run(String executedBy) {
        ConsolidationService.Params params = consolidation.defaults();
        return TenantJobs.forEachTenant(repository.tenants(), t -> consolidation.consolidate(t, params, executedBy));
    }

    @Scheduled(identity = "engram-consolidate", every = "${engram.maintenance.consolidate.every:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        jobs.runExclusively(this, ClusterJobs.executor("scheduler"));
    }
}
