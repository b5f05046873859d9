package dev.engram.graph;

import dev.engram.graph.api.AssociationFilter;
import dev.engram.graph.api.AssociationPage;
import dev.engram.graph.api.AssociationResponse;
import dev.engram.graph.api.CreateAssociationRequest;
import dev.engram.graph.api.Direction;
import dev.engram.graph.api.MemoryAssociationsResponse;
import dev.engram.memory.MemoryService;
import dev.engram.platform.DatabaseFailures;
import dev.engram.platform.PageCursor;
import dev.engram.platform.Params;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Creates, lists and deletes associations. Both ends must be memories of the tenant; an edge is unique per
 * (source, target, type): creating it again is a 409 conflict naming the existing edge.
 */
@ApplicationScoped
public class AssociationService {

    private final AssociationRepository repository;
    private final MemoryService memories;
    private final GraphConfig config;
    private final Clock clock;

    AssociationService(AssociationRepository repository, MemoryService memories, GraphConfig config, Clock clock) {
        this.repository = repository;
        this.memories = memories;
        this.config = config;
        this.clock = clock;
    }

    /** Refuses to start with an association type the database would reject. */
    void checkTypes(@Observes StartupEvent event) {
        for (String type : config.associationTypes()) {
            if (!type.matches("^[a-z][a-z0-9_-]{0,63}$")) {
                throw new IllegalStateException("engram.graph.association-types: '" + type
                        + "' is not a lower-case word (a-z, 0-9, _ and -, starting with a letter)");
            }
        }
    }

    public AssociationResponse create(String tenantId, CreateAssociationRequest r) {
        String type = requireType(r.type(), false);
        if (r.sourceId().equals(r.targetId())) {
            throw ProblemException.invalidField("targetId", "must differ from sourceId: a memory is not associated with itself");
        }
        requireMemories(tenantId, List.of(r.sourceId(), r.targetId()));
        AssociationEntity e = new AssociationEntity();
        e.id = UUID.randomUUID();
        e.tenantId = tenantId;
        e.sourceId = r.sourceId();
        e.targetId = r.targetId();
        e.associationType = type;
        e.strength = r.strength() == null ? 0.5f : r.strength().floatValue();
        e.confidence = r.confidence() == null ? 1.0f : r.confidence().floatValue();
        e.description = r.description();
        e.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        e.updatedAt = e.createdAt;
        boolean inserted;
        try {
            inserted = QuarkusTransaction.requiringNew().call(() -> repository.insertIfAbsent(e));
        } catch (RuntimeException failure) {
            if (DatabaseFailures.isForeignKeyViolation(failure)) { // a memory was deleted since the check
                requireMemories(tenantId, List.of(r.sourceId(), r.targetId()));
            }
            throw failure;
        }
        if (!inserted) {
            AssociationEntity existing = repository.findEdge(tenantId, e.sourceId, e.targetId, type).orElse(null);
            throw new ProblemException(ProblemType.CONFLICT, "An association " + e.sourceId + " -" + type + "-> "
                    + e.targetId + " exists already" + (existing == null ? "" : " (" + existing.id + ")")
                    + "; delete it first to replace it",
                    existing == null ? Map.of() : Map.of("associationId", existing.id.toString()));
        }
        return toResponse(e);
    }

    public AssociationResponse get(String tenantId, UUID id) {
        return toResponse(repository.findInTenant(tenantId, id)
                .orElseThrow(() -> ProblemException.notFound("Association", id)));
    }

    public AssociationPage list(String tenantId, AssociationFilter filter, String cursor, int limit) {
        filter.types().forEach(t -> requireType(t, true));
        List<AssociationEntity> rows = repository.page(tenantId, filter, PageCursor.decode(cursor), limit + 1);
        boolean more = rows.size() > limit;
        List<AssociationEntity> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new PageCursor(page.get(limit - 1).createdAt, page.get(limit - 1).id).encode() : null;
        return new AssociationPage(page.stream().map(AssociationService::toResponse).toList(), next);
    }

    /** The memory's edges; 404 when the memory is missing or another tenant's. */
    public MemoryAssociationsResponse ofMemory(String tenantId, UUID memoryId, Direction direction, List<String> types,
                                               Double minStrength, int limit) {
        types.forEach(t -> requireType(t, true));
        if (memories.existingIds(tenantId, List.of(memoryId)).isEmpty()) {
            throw ProblemException.notFound("Memory", memoryId);
        }
        List<AssociationResponse> items = repository.ofMemory(tenantId, memoryId, direction, types, minStrength, limit)
                .stream().map(AssociationService::toResponse).toList();
        return new MemoryAssociationsResponse(memoryId, direction.name().toLowerCase(), items);
    }

    public void delete(String tenantId, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (repository.deleteInTenant(tenantId, id) == 0) {
                throw ProblemException.notFound("Association", id);
            }
        });
    }

    private String requireType(String type, boolean queryParameter) {
        String t = type.trim();
        if (!config.associationTypes().contains(t)) {
            String message = "must be one of: " + String.join(", ", config.associationTypes()) + " (got '" + t + "')";
            throw queryParameter ? Params.invalid("type", message) : ProblemException.invalidField("type", message);
        }
        return t;
    }

    private void requireMemories(String tenantId, List<UUID> ids) {
        Set<UUID> missing = new LinkedHashSet<>(ids);
        missing.removeAll(memories.existingIds(tenantId, ids));
        if (!missing.isEmpty()) {
            List<String> names = missing.stream().map(UUID::toString).toList();
            throw new ProblemException(ProblemType.UNKNOWN_MEMORY, "Unknown memory " + String.join(", ", names)
                    + "; both ends of an association must be existing memories of this tenant",
                    Map.of("memoryIds", names));
        }
    }

    static AssociationResponse toResponse(AssociationEntity e) {
        return new AssociationResponse(e.id, e.sourceId, e.targetId, e.associationType, round(e.strength),
                round(e.confidence), e.description, e.learnedAutomatically, e.usageCount, e.lastUsed, e.createdAt,
                e.updatedAt);
    }

    private static double round(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
