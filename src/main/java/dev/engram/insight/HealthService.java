package dev.engram.insight;

import dev.engram.embedding.Embedder;
import dev.engram.insight.api.MemoryHealthResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/** Assesses a tenant's memory with {@link MemoryHealthPolicy}. */
@ApplicationScoped
public class HealthService {

    private final HealthRepository repository;
    private final Embedder embedder;
    private final Clock clock;
    private final MemoryHealthPolicy policy = new MemoryHealthPolicy();

    HealthService(HealthRepository repository, Embedder embedder, Clock clock) {
        this.repository = repository;
        this.embedder = embedder;
        this.clock = clock;
    }

    public MemoryHealthResponse assess(String tenantId) {
        return assessAt(tenantId, clock.instant());
    }

    MemoryHealthResponse assessAt(String tenantId, Instant now) {
        MemoryHealthPolicy.Facts facts = repository.facts(tenantId, embedder.modelName(), now);
        MemoryHealthPolicy.Assessment a = policy.assess(facts);
        return new MemoryHealthResponse(a.score(), a.status(), facts.total(), embedder.modelName(), now,
                a.issues().stream().map(i -> new MemoryHealthResponse.HealthIssue(i.code(), i.severity(), i.message(),
                        i.affected(), i.cost(), i.suggestedAction())).toList());
    }
}
