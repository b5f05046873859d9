package dev.engram.maintenance;

import dev.engram.platform.ClusterJob;
import dev.engram.platform.ClusterJobs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Retention cleanup of every tenant, once per cluster: in-process every {@code engram.maintenance.cleanup.every}
 * (off by default) or as {@code java -jar quarkus-run.jar job cleanup} from a CronJob.
 */
@ApplicationScoped
class CleanupJob implements ClusterJob {

    private final MaintenanceRepository repository;
    private final CleanupService cleanup;
    private final ClusterJobs jobs;

    CleanupJob(MaintenanceRepository repository, CleanupService cleanup, ClusterJobs jobs) {
        this.repository = repository;
        this.cleanup = cleanup;
        this.jobs = jobs;
    }

    @Override
    public String name() {
        return "cleanup";
    }

    @Override
    public Result run(String executedBy) {
        CleanupParams params = cleanup.scheduledParams();
        return TenantJobs.forEachTenant(repository.tenants(), t -> cleanup.cleanup(t, params, executedBy));
    }

    @Scheduled(identity = "engram-cleanup", every = "${engram.maintenance.cleanup.every:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        jobs.runExclusively(this, ClusterJobs.executor("scheduler"));
    }
}
