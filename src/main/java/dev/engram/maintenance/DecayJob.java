package dev.engram.maintenance;

import dev.engram.platform.ClusterJob;
import dev.engram.platform.ClusterJobs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Importance decay of every tenant, once per cluster: in-process every {@code engram.maintenance.decay.every} (off
 * by default) or as {@code java -jar quarkus-run.jar job decay} from a CronJob.
 */
@ApplicationScoped
class DecayJob implements ClusterJob {

    private final MaintenanceRepository repository;
    private final DecayService decay;
    private final ClusterJobs jobs;

    DecayJob(MaintenanceRepository repository, DecayService decay, ClusterJobs jobs) {
        this.repository = repository;
        this.decay = decay;
        this.jobs = jobs;
    }

    @Override
    public String name() {
        return "decay";
    }

    @Override
    public Result run(String executedBy) {
        return TenantJobs.forEachTenant(repository.tenants(), t -> decay.decay(t, executedBy));
    }

    @Scheduled(identity = "engram-decay", every = "${engram.maintenance.decay.every:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        jobs.runExclusively(this, ClusterJobs.executor("scheduler"));
    }
}
