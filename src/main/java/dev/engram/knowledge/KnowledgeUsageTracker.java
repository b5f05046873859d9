package dev.engram.knowledge;

import dev.engram.platform.BatchedUsageCounter;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.util.Collection;
import java.util.UUID;

/** Counts entries returned by knowledge searches (usageCount, lastUsed); one statement per flush, off the request. */
@ApplicationScoped
class KnowledgeUsageTracker {

    private static final String SQL = "update knowledge_entry k set usage_count = k.usage_count + u.n,"
            + " last_used = greatest(k.last_used, ?) from unnest(?::uuid[], ?::int[]) as u(id, n) where k.id = u.id";

    private final BatchedUsageCounter counter;

    KnowledgeUsageTracker(AgroalDataSource dataSource, Clock clock) {
        this.counter = new BatchedUsageCounter("knowledge entry", SQL, dataSource, clock);
    }

    void record(Collection<UUID> ids) {
        counter.record(ids);
    }

    @Scheduled(every = "${engram.knowledge.usage-flush-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flush() {
        counter.flush();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        counter.flush();
    }
}
