package dev.engram.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.context.ContextService;
import dev.engram.embedding.Embedder;
import dev.engram.event.EventPublisher;
import dev.engram.event.EventType;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.memory.api.UpdateMemoryRequest;
import dev.engram.memorytype.MemoryTypeService;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Changes a long-term memory (PATCH), embedding a changed title or content outside the transaction. */
@ApplicationScoped
class MemoryUpdateService {

    private final MemoryRepository repository;
    private final MemoryWriteService writes;
    private final MemoryTypeService types;
    private final ContextService contexts;
    private final Embedder embedder;
    private final Clock clock;
    private final EventPublisher events;
    private final MemoryRevisionRepository revisions;
    private final MemoryConfig config;
    private final ObjectMapper json;

    MemoryUpdateService(MemoryRepository repository, MemoryWriteService writes, MemoryTypeService types,
                        ContextService contexts, Embedder embedder, Clock clock, EventPublisher events,
                        MemoryRevisionRepository revisions, MemoryConfig config, ObjectMapper json) {
        this.revisions = revisions;
        this.config = config;
        this.json = json;
        this.repository = repository;
        this.writes = writes;
        this.types = types;
        this.contexts = contexts;
        this.embedder = embedder;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Applies the given changes. With {@code expectedVersion} (from {@code If-Match}) a concurrent change is a 412.
     * A new vector is computed outside the transaction from the title and content read before it; when a concurrent
     * change of either committed in between, the vector would be stale, so the change is embedded again from what the
     * transaction read (a few attempts, then 409).
     */
    public MemoryResponse update(String tenantId, UUID id, UpdateMemoryRequest r, Long expectedVersion) {
        MemoryEntity current = repository.findInTenant(tenantId, id)
                .orElseThrow(() -> ProblemException.notFound("Memory", id));
        if (r.content() != null) {
            if (r.content().isBlank()) { // as @NotBlank on create; a null content means "unchanged"
                throw ProblemException.invalidField("content", "must not be blank");
            }
            writes.checkContentSize(r.content(), "content");
        }
        MemoryWriteService.checkExpiry(r.expiresAt(), now(), "expiresAt"); // as a create: a past expiry is refused
        if (r.type() != null) {
            types.requireActive(tenantId, List.of(r.type()));
        }
        Set<UUID> contextIds = r.contextId() == null ? Set.of() : Set.of(r.contextId());
        contexts.requireExisting(tenantId, contextIds);
        Embedded basis = new Embedded(current.title, current.content);
        for (int attempt = 1; ; attempt++) {
            Embedded after = new Embedded(r.title() != null ? r.title() : basis.title(),
                    r.content() != null ? r.content() : basis.content());
            float[] vector = after.equals(basis) ? null : embedder.embedDocuments(
                    List.of(MemoryWriteService.embeddingText(after.title(), after.content()))).get(0);
            Embedded seen = basis;
            Attempt outcome = MemoryWriteService.inTransaction(contexts, tenantId, contextIds,
                    () -> write(tenantId, id, r, expectedVersion, seen, vector));
            if (outcome.updated() != null) {
                MemoryResponse updated = outcome.updated();
                Map<String, Object> data = new HashMap<>(Map.of("memoryId", id.toString(),
                        "version", updated.version()));
                data.put("memoryType", updated.type());
                events.publish(tenantId, EventType.MEMORY_UPDATED, data);
                return updated;
            }
            if (attempt == UPDATE_ATTEMPTS) {
                // nothing was written: Retry-After marks it retryable (an Idempotency-Key is released, not bound)
                throw new ProblemException(ProblemType.CONFLICT, "Memory " + id + " keeps changing concurrently;"
                        + " retry the change", Map.of("memoryId", id.toString()), 1, null);
            }
            basis = outcome.stored();
        }
    }

    /** Attempts of an update whose title or content changed concurrently after it was embedded. */
    static final int UPDATE_ATTEMPTS = 3;

    /** The fields a memory's vector is computed from. */
    private record Embedded(String title, String content) {
    }

    /** The updated memory, or (nothing written) the title and content stored now. */
    private record Attempt(MemoryResponse updated, Embedded stored) {
    }

    /**
     * One attempt of an update, in its transaction: the updated memory, or the title and content now stored when
     * they are not those the vector was computed from ({@code basis}; nothing is written then).
     */
    private Attempt write(String tenantId, UUID id, UpdateMemoryRequest r, Long expectedVersion, Embedded basis,
                         float[] vector) {
        // under the row lock: a concurrent PATCH or decay batch of this memory waits, or is waited for, never lost
        MemoryEntity e = repository.findInTenantForUpdate(tenantId, id)
                .orElseThrow(() -> ProblemException.notFound("Memory", id));
        if (expectedVersion != null && expectedVersion != e.version) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "Memory " + id + " changed since version "
                    + expectedVersion + " (now " + e.version + "); fetch it again and retry",
                    Map.of("memoryId", id.toString(), "currentVersion", e.version));
        }
        Embedded stored = new Embedded(e.title, e.content);
        if (!stored.equals(basis)) {
            return new Attempt(null, stored);
        }
        if (r.type() != null) {
            types.lockActive(tenantId, List.of(r.type())); // no delete of the type until this commits
        }
        Instant now = now();
        MemoryResponse before = MemoryMapper.toResponse(e);
        apply(e, r);
        boolean changed = !MemoryMapper.toResponse(e).equals(before);
        if (r.importance() != null) {
            e.importanceDecayedAt = now; // an importance given now: decay counts idle time from here, not before
        }
        if (vector != null) {
            e.embedding = vector;
            e.embeddingModel = embedder.modelName();
        }
        e.updatedAt = now;
        repository.flush();
        // what the change replaced is kept, under the row lock (after the flush: a native statement before it would
        // flush the entity early); a PATCH that changes nothing keeps nothing, so that an agent re-asserting a value
        // does not push the real history out of the window
        if (changed && config.maxRevisions() > 0) {
            revisions.record(tenantId, id, before.version(), json(before), now, config.maxRevisions());
        }
        return new Attempt(MemoryMapper.toResponse(e), null);
    }

    /** The memory as a GET answered it, as JSON. */
    private String json(MemoryResponse m) {
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Memory " + m.id() + " cannot be written as JSON", ex);
        }
    }

    private void apply(MemoryEntity e, UpdateMemoryRequest r) {
        if (r.type() != null) e.typeCode = r.type();
        if (r.content() != null) {
            e.content = r.content();
            e.contentHash = MemoryWriteService.contentHash(r.content());
        }
        if (r.title() != null) e.title = r.title();
        if (r.summary() != null) e.summary = r.summary();
        if (r.structuredData() != null) e.structuredData = r.structuredData();
        if (r.keywords() != null) e.keywords = r.keywords().toArray(String[]::new);
        if (r.entities() != null) e.entities = r.entities().toArray(String[]::new);
        if (r.importance() != null) e.importance = r.importance().floatValue();
        if (r.confidence() != null) e.confidence = r.confidence().floatValue();
        if (r.contextId() != null) e.contextId = r.contextId();
        if (r.learnedFrom() != null) e.learnedFrom = r.learnedFrom();
        if (r.validationStatus() != null) e.validationStatus = r.validationStatus();
        if (r.expiresAt() != null) e.expiresAt = at(r.expiresAt());
        if (r.permanent() != null) e.permanent = r.permanent();
        if (r.metadata() != null) e.metadata = r.metadata();
        if (r.occurredAt() != null) e.occurredAt = at(r.occurredAt());
        if (r.searchContext() != null) e.searchContext = r.searchContext().isEmpty() ? null : r.searchContext();
    }

    private Instant now() {
        return at(clock.instant());
    }

    private static Instant at(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
