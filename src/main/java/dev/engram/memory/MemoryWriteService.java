package dev.engram.memory;

import dev.engram.context.ContextService;
import dev.engram.embedding.Embedder;
import dev.engram.event.EventPublisher;
import dev.engram.event.EventType;
import dev.engram.memory.api.BatchCreateMemoriesResponse;
import dev.engram.memory.api.CreateMemoryRequest;
import dev.engram.memory.api.MemoriesStored;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.memorytype.MemoryTypeService;
import dev.engram.platform.DatabaseFailures;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.platform.Violation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Stores and deletes long-term memories ({@link MemoryUpdateService} changes them). Input is checked and embedded
 * before a transaction opens, so no database connection is held while the model runs and a failed embedding leaves
 * nothing behind.
 */
@ApplicationScoped
public class MemoryWriteService {

    private final MemoryRepository repository;
    private final MemoryTypeService types;
    private final ContextService contexts;
    private final Embedder embedder;
    private final MemoryConfig config;
    private final Clock clock;
    private final Timer storeTimer;
    private final Event<MemoriesStored> stored;
    private final EventPublisher events;

    MemoryWriteService(MemoryRepository repository, MemoryTypeService types, ContextService contexts,
                       Embedder embedder, MemoryConfig config, Clock clock, MeterRegistry registry,
                       Event<MemoriesStored> stored, EventPublisher events) {
        this.stored = stored;
        this.repository = repository;
        this.types = types;
        this.contexts = contexts;
        this.embedder = embedder;
        this.config = config;
        this.clock = clock;
        this.events = events;
        this.storeTimer = Timer.builder("engram.store").description("Time to validate, embed and store memories")
                .publishPercentileHistogram().register(registry);
    }

    public MemoryResponse create(String tenantId, CreateMemoryRequest request) {
        return createAll(tenantId, List.of(request)).memories().get(0);
    }

    /** Stores all memories in one transaction, or none of them. */
    public BatchCreateMemoriesResponse createBatch(String tenantId, List<CreateMemoryRequest> requests) {
        if (requests.size() > config.maxBatchSize()) {
            throw ProblemException.withViolation(ProblemType.VALIDATION_FAILED, "A batch holds at most "
                    + config.maxBatchSize() + " memories; this one has " + requests.size(),
                    new Violation("memories", "body", "size must be at most " + config.maxBatchSize()));
        }
        return createAll(tenantId, requests);
    }

    private BatchCreateMemoriesResponse createAll(String tenantId, List<CreateMemoryRequest> requests) {
        Timer.Sample sample = Timer.start();
        try {
            Instant now = now();
            List<String> typeCodes = new ArrayList<>(requests.size());
            Set<UUID> contextIds = new LinkedHashSet<>();
            for (int i = 0; i < requests.size(); i++) {
                CreateMemoryRequest r = requests.get(i);
                checkContentSize(r.content(), requests.size() == 1 ? "content" : "memories[" + i + "].content");
                checkExpiry(r.expiresAt(), now, requests.size() == 1 ? "expiresAt" : "memories[" + i + "].expiresAt");
                typeCodes.add(r.type() == null || r.type().isBlank() ? config.defaultType() : r.type());
                if (r.contextId() != null) {
                    contextIds.add(r.contextId());
                }
            }
            types.requireActive(tenantId, new LinkedHashSet<>(typeCodes));
            contexts.requireExisting(tenantId, contextIds);
            List<float[]> vectors = embedder.embedDocuments(requests.stream()
                    .map(r -> embeddingText(r.title(), r.content())).toList());
            List<MemoryEntity> entities = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                entities.add(newEntity(tenantId, requests.get(i), typeCodes.get(i), vectors.get(i), now));
            }
            inTransaction(contexts, tenantId, contextIds, () -> {
                types.lockActive(tenantId, new LinkedHashSet<>(typeCodes)); // no delete of a type while it is written
                repository.persist(entities);
                contexts.touch(tenantId, contextIds, now);
                repository.flush();
                return null;
            });
            stored.fire(new MemoriesStored(tenantId, entities.stream().map(e -> e.id).toList()));
            for (MemoryEntity e : entities) {
                events.publish(tenantId, EventType.MEMORY_STORED, eventData(e));
            }
            return new BatchCreateMemoriesResponse(entities.size(),
                    entities.stream().map(MemoryMapper::toResponse).toList());
        } finally {
            sample.stop(storeTimer);
        }
    }

    /**
     * Runs a write in a new transaction. A foreign key violation means a context the write refers to was deleted
     * after the check: answered as the unknown context it now is ({@code 400 unknown-context}), not as a 500.
     */
    static <T> T inTransaction(ContextService contexts, String tenantId, Set<UUID> contextIds, Callable<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work);
        } catch (RuntimeException failure) {
            if (DatabaseFailures.isForeignKeyViolation(failure)) {
                contexts.requireExisting(tenantId, contextIds);
            }
            throw failure;
        }
    }

    public void delete(String tenantId, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            long deleted = repository.delete("id = ?1 and tenantId = ?2", id, tenantId);
            if (deleted == 0) {
                throw ProblemException.notFound("Memory", id);
            }
        });
        events.publish(tenantId, EventType.MEMORY_DELETED, Map.of("memoryId", id.toString()));
    }

    /** The fields of a memory_stored event: ids a client can filter on, no content. */
    private static Map<String, Object> eventData(MemoryEntity e) {
        Map<String, Object> data = new HashMap<>();
        data.put("memoryId", e.id.toString());
        data.put("memoryType", e.typeCode);
        data.put("userId", e.userId);
        data.put("agentId", e.agentId);
        data.put("contextId", e.contextId == null ? null : e.contextId.toString());
        return data;
    }

    private MemoryEntity newEntity(String tenantId, CreateMemoryRequest r, String typeCode, float[] vector, Instant now) {
        MemoryEntity e = new MemoryEntity();
        e.id = UUID.randomUUID();
        e.tenantId = tenantId;
        e.typeCode = typeCode;
        e.contextId = r.contextId();
        e.userId = r.userId();
        e.agentId = r.agentId();
        e.title = r.title();
        e.content = r.content();
        e.summary = r.summary();
        e.searchContext = r.searchContext() == null || r.searchContext().isEmpty() ? null : r.searchContext();
        e.structuredData = r.structuredData();
        e.keywords = r.keywords() == null ? new String[0] : r.keywords().toArray(String[]::new);
        e.entities = r.entities() == null ? new String[0] : r.entities().toArray(String[]::new);
        e.importance = r.importance() == null ? 0.5f : r.importance().floatValue();
        e.confidence = r.confidence() == null ? 1.0f : r.confidence().floatValue();
        e.learnedFrom = r.learnedFrom();
        e.validationStatus = Objects.requireNonNullElse(r.validationStatus(), ValidationStatus.UNVALIDATED);
        e.expiresAt = r.expiresAt() == null ? null : micros(r.expiresAt());
        e.permanent = Boolean.TRUE.equals(r.permanent());
        e.metadata = r.metadata() == null ? new HashMap<>() : r.metadata();
        e.occurredAt = r.occurredAt() == null ? now : micros(r.occurredAt());
        e.createdAt = now;
        e.updatedAt = now;
        e.createdBy = r.createdBy();
        e.contentHash = contentHash(r.content());
        e.embedding = vector;
        e.embeddingModel = embedder.modelName();
        return e;
    }

    void checkContentSize(String content, String field) {
        int bytes = content == null ? 0 : content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxContentBytes()) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, field + " has " + bytes
                    + " bytes; the limit is " + config.maxContentBytes() + " (UTF-8). Split it into several memories.",
                    Map.of("field", field, "limitBytes", config.maxContentBytes(), "actualBytes", bytes));
        }
    }

    /** A given {@code expiresAt} must lie after {@code now}; create and PATCH share this check. */
    static void checkExpiry(Instant expiresAt, Instant now, String field) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ProblemException.invalidField(field, "must be in the future");
        }
    }

    /** The text a memory's vector is computed from: title and content (also used by imports that re-embed). */
    public static String embeddingText(String title, String content) {
        return title == null || title.isBlank() ? content : title + "\n\n" + content;
    }

    /** SHA-256 of the stripped content, as stored in content_hash (also used by imports that lack it). */
    public static String contentHash(String content) {
        return ContentHash.sha256(content.strip());
    }

    private Instant now() {
        return micros(clock.instant());
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
