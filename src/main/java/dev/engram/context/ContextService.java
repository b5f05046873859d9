package dev.engram.context;

import dev.engram.context.api.ContextPage;
import dev.engram.context.api.ContextResponse;
import dev.engram.context.api.CreateContextRequest;
import dev.engram.context.api.UpdateContextRequest;
import dev.engram.memory.MemoryService;
import dev.engram.platform.PageCursor;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** Contexts (conversation, task, project, session, workflow, …) that group memories. */
@ApplicationScoped
public class ContextService {

    private final ContextRepository repository;
    private final MemoryService memories;
    private final Clock clock;

    ContextService(ContextRepository repository, MemoryService memories, Clock clock) {
        this.repository = repository;
        this.memories = memories;
        this.clock = clock;
    }

    public ContextResponse create(String tenantId, CreateContextRequest r) {
        Instant now = now();
        ContextEntity e = new ContextEntity();
        e.id = UUID.randomUUID();
        e.tenantId = tenantId;
        e.contextType = r.type() == null ? "conversation" : r.type();
        e.name = r.name();
        e.description = r.description();
        e.userId = r.userId();
        e.agentId = r.agentId();
        e.metadata = r.metadata() == null ? new HashMap<>() : r.metadata();
        e.tags = r.tags() == null ? new String[0] : r.tags().toArray(String[]::new);
        e.status = "active";
        e.startedAt = r.startedAt() == null ? now : r.startedAt().truncatedTo(ChronoUnit.MICROS);
        e.createdAt = now;
        e.updatedAt = now;
        QuarkusTransaction.requiringNew().run(() -> repository.persist(e));
        return toResponse(e, 0);
    }

    public ContextResponse get(String tenantId, UUID id) {
        ContextEntity e = find(tenantId, id);
        return toResponse(e, memories.countByContext(tenantId, List.of(id)).getOrDefault(id, 0L));
    }

    public ContextPage list(String tenantId, String userId, String agentId, String status, String type,
                            String cursor, int limit) {
        PageCursor after = PageCursor.decode(cursor);
        List<ContextEntity> rows = repository.page(tenantId, userId, agentId, status, type,
                after == null ? null : after.createdAt(), after == null ? null : after.id(), limit + 1);
        boolean more = rows.size() > limit;
        List<ContextEntity> page = more ? rows.subList(0, limit) : rows;
        Map<UUID, Long> counts = memories.countByContext(tenantId, page.stream().map(c -> c.id).toList());
        String next = more ? new PageCursor(page.get(limit - 1).createdAt, page.get(limit - 1).id).encode() : null;
        return new ContextPage(page.stream().map(c -> toResponse(c, counts.getOrDefault(c.id, 0L))).toList(), next);
    }

    /**
     * Applies the given changes to the context as it is when the row lock is granted: concurrent PATCHes of one context
     * take turns, so each keeps the other's changes (no lost update, no version conflict), and a memory written into
     * the context meanwhile keeps its {@code lastAccessed}.
     */
    public ContextResponse update(String tenantId, UUID id, UpdateContextRequest r) {
        ContextEntity updated = QuarkusTransaction.requiringNew().call(() -> {
            ContextEntity e = repository.findInTenantForUpdate(tenantId, id)
                    .orElseThrow(() -> ProblemException.notFound("Context", id));
            if (r.name() != null) e.name = r.name();
            if (r.description() != null) e.description = r.description();
            if (r.metadata() != null) e.metadata = r.metadata();
            if (r.tags() != null) e.tags = r.tags().toArray(String[]::new);
            if (r.endedAt() != null) e.endedAt = r.endedAt().truncatedTo(ChronoUnit.MICROS);
            if (r.status() != null) {
                e.status = r.status();
                if ("archived".equals(r.status()) && e.endedAt == null) {
                    e.endedAt = now();
                }
            }
            e.updatedAt = now();
            return e;
        });
        return toResponse(updated, memories.countByContext(tenantId, List.of(id)).getOrDefault(id, 0L));
    }

    /** Deletes the context; its memories stay, without a context. */
    public void delete(String tenantId, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (repository.delete("id = ?1 and tenantId = ?2", id, tenantId) == 0) {
                throw ProblemException.notFound("Context", id);
            }
        });
    }

    /** Fails with {@code unknown-context} when any id is not a context of the tenant. */
    public void requireExisting(String tenantId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Set<UUID> missing = new HashSet<>(ids);
        repository.existingIds(tenantId, ids).forEach(missing::remove);
        if (!missing.isEmpty()) {
            List<String> names = missing.stream().map(UUID::toString).sorted().toList();
            throw new ProblemException(ProblemType.UNKNOWN_CONTEXT, "Unknown context " + String.join(", ", names)
                    + "; create it with POST /v1/contexts first", Map.of("contextIds", names));
        }
    }

    /** Marks contexts as used now; call inside the writing transaction. */
    public void touch(String tenantId, Collection<UUID> ids, Instant now) {
        if (!ids.isEmpty()) {
            repository.touch(tenantId, ids, now);
        }
    }

    /** Throws not-found when the context is missing or belongs to another tenant. */
    public void requireFound(String tenantId, UUID id) {
        find(tenantId, id);
    }

    private ContextEntity find(String tenantId, UUID id) {
        return repository.findInTenant(tenantId, id).orElseThrow(() -> ProblemException.notFound("Context", id));
    }

    private ContextResponse toResponse(ContextEntity e, long memoryCount) {
        Instant end = e.endedAt != null ? e.endedAt : clock.instant();
        long duration = Math.max(0, Duration.between(e.startedAt, end).getSeconds());
        return new ContextResponse(e.id, e.contextType, e.name, e.description, e.userId, e.agentId,
                e.metadata == null ? Map.of() : e.metadata, tags(e.tags), e.status,
                e.startedAt, e.endedAt, e.lastAccessed, e.createdAt, e.updatedAt, memoryCount, duration);
    }

    /** Null-tolerant: a null element (stored before V15 forbade it) is left out instead of failing every read. */
    private static List<String> tags(String[] tags) {
        return tags == null ? List.of() : Arrays.stream(tags).filter(Objects::nonNull).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
