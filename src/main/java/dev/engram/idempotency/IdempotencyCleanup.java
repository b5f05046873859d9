package dev.engram.idempotency;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Deletes expired idempotency keys every 10 minutes on every pod, in batches (idempotent deletes: pods running it
 * at once only share the work). Expired rows are also taken over by a new claim, so a late cleanup is harmless.
 */
@ApplicationScoped
class IdempotencyCleanup {

    private static final Logger LOG = Logger.getLogger(IdempotencyCleanup.class);
    static final int BATCH = 10_000;

    private final IdempotencyRepository repository;
    private final Clock clock;

    IdempotencyCleanup(IdempotencyRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        try {
            deleteExpired();
        } catch (RuntimeException e) {
            LOG.debugf("Expired idempotency keys not deleted this time: %s", e.getMessage());
        }
    }

    /** Deletes every key expired by now; returns how many. */
    int deleteExpired() {
        int total = 0;
        int deleted;
        do {
            deleted = repository.deleteExpired(clock.instant(), BATCH);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
