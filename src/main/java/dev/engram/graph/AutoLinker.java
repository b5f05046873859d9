package dev.engram.graph;

import dev.engram.memory.api.MemoriesStored;
import dev.engram.platform.DatabaseFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Links new memories to their most similar memories ({@code similar}, learnedAutomatically) without slowing the
 * write: the write only queues the ids after its commit; a scheduled worker links them in batches, one statement
 * per tenant and batch (HNSW nearest neighbours of each new memory, same tenant, itself excluded).
 */
@ApplicationScoped
class AutoLinker {

    private static final Logger LOG = Logger.getLogger(AutoLinker.class);
    private record Pending(String tenantId, UUID memoryId) {
    }

    private final GraphRepository repository;
    private final GraphConfig config;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    AutoLinker(GraphRepository repository, GraphConfig config, Clock clock, MeterRegistry registry) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
        Gauge.builder("engram.graph.auto.link.pending", size, AtomicInteger::get)
                .description("New memories waiting to be linked to their most similar memories (this pod)")
                .register(registry);
    }

    /** Runs on the writing request's thread after the commit: only queues. */
    void onStored(@Observes MemoriesStored event) {
        if (!config.autoLinkEnabled()) {
            return;
        }
        List<UUID> ids = event.ids();
        for (int i = 0; i < ids.size(); i++) {
            if (size.incrementAndGet() > config.autoLinkQueueCapacity()) {
                size.decrementAndGet();
                LOG.warnf("Auto-link queue full (%d): %d new memories will not be linked automatically",
                        config.autoLinkQueueCapacity(), ids.size() - i);
                return;
            }
            queue.add(new Pending(event.tenantId(), ids.get(i)));
        }
    }

    @Scheduled(every = "${engram.graph.auto-link-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void linkPending() {
        while (!queue.isEmpty()) {
            List<Pending> batch = new ArrayList<>();
            for (Pending p; batch.size() < config.autoLinkBatchSize() && (p = queue.poll()) != null; ) {
                size.decrementAndGet();
                batch.add(p);
            }
            Map<String, List<UUID>> byTenant = new LinkedHashMap<>();
            batch.forEach(p -> byTenant.computeIfAbsent(p.tenantId(), t -> new ArrayList<>()).add(p.memoryId()));
            List<Map.Entry<String, List<UUID>>> tenants = new ArrayList<>(byTenant.entrySet());
            for (int i = 0; i < tenants.size(); i++) {
                if (!link(tenants.get(i).getKey(), tenants.get(i).getValue())) {
                    // database unavailable: this tenant's ids and the rest of the batch wait for the next run
                    tenants.subList(i, tenants.size()).forEach(e -> requeue(e.getKey(), e.getValue()));
                    return;
                }
            }
        }
    }

    /** Links one tenant's new memories; false when the database is unavailable or on a lock conflict (retry). */
    private boolean link(String tenantId, List<UUID> ids) {
        try {
            int created = repository.autoLink(tenantId, ids, config.autoLinkMaxLinks(), config.autoLinkMinSimilarity(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS), config.autoLinkEfSearch());
            LOG.debugf("Linked %d new memories of tenant %s: %d associations", (Object) ids.size(), tenantId, created);
            return true;
        } catch (RuntimeException e) {
            if (DatabaseFailures.translate(e) != null || DatabaseFailures.isLockConflict(e)) {
                LOG.warnf("Database unavailable or a lock conflict linking %d new memories of tenant %s: they and the"
                        + " rest of the batch will be linked on the next run (%s)", ids.size(), tenantId, e.toString());
                return false;
            }
            LOG.warnf("Could not link %d new memories of tenant %s automatically: %s", ids.size(), tenantId, e.toString());
            return true;
        }
    }

    private void requeue(String tenantId, List<UUID> ids) {
        ids.forEach(id -> {
            size.incrementAndGet();
            queue.add(new Pending(tenantId, id));
        });
    }

    /** Links what is still queued before the application stops (best effort). */
    void onShutdown(@Observes ShutdownEvent event) {
        try {
            linkPending();
        } catch (RuntimeException e) {
            LOG.warnf("Could not link %d queued memories at shutdown: %s", size.get(), e.toString());
        }
    }
}
