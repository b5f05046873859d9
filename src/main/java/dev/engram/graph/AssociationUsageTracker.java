package dev.engram.graph;

import dev.engram.platform.BatchedUsageCounter;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.util.Collection;
import java.util.UUID;

/** Counts associations followed by graph-expanded searches; written in one statement per flush, off the request. */
@ApplicationScoped
class AssociationUsageTracker {

    private static final String SQL = "update association a set usage_count = a.usage_count + u.n,"
            + " last_used = greatest(a.last_used, ?) from unnest(?::uuid[], ?::int[]) as u(id, n) where a.id = u.id";

    private final BatchedUsageCounter counter;

    AssociationUsageTracker(AgroalDataSource dataSource, Clock clock) {
        this.counter = new BatchedUsageCounter("association", SQL, dataSource, clock);
    }

    void record(Collection<UUID> associationIds) {
        counter.record(associationIds);
    }

    @Scheduled(every = "${engram.graph.usage-flush-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flush() {
        counter.flush();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        counter.flush();
    }
}
