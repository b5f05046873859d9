package dev.engram.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.memory.api.MemoryFilter;
import dev.engram.memory.api.MemoryPage;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.memory.api.MemoryRevision;
import dev.engram.memory.api.MemoryRevisionPage;
import dev.engram.platform.PageCursor;
import dev.engram.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads long-term memories; every read is scoped by the tenant, and reads by id count as an access. */
@ApplicationScoped
public class MemoryService {

    private final MemoryRepository repository;
    private final AccessTracker accessTracker;
    private final Clock clock;
    private final ObjectMapper json;
    private final MemoryRevisionRepository revisions;
    /** Reads revisions ({@link dev.engram.platform.Snapshots}). */
    private final ObjectMapper snapshots;

    MemoryService(MemoryRepository repository, AccessTracker accessTracker, Clock clock, ObjectMapper json,
                  MemoryRevisionRepository revisions) {
        this.revisions = revisions;
        this.snapshots = dev.engram.platform.Snapshots.reader(json);
        this.repository = repository;
        this.accessTracker = accessTracker;
        this.clock = clock;
        this.json = json;
    }

    public MemoryResponse get(String tenantId, UUID id) {
        MemoryEntity e = repository.findInTenant(tenantId, id).orElseThrow(() -> ProblemException.notFound("Memory", id));
        accessTracker.record(tenantId, List.of(id));
        return MemoryMapper.toResponse(e);
    }

    /**
     * The memory's earlier versions, newest first (not an access); {@code cursor} is the {@code nextCursor} of the
     * previous page.
     */
    public MemoryRevisionPage revisions(String tenantId, UUID id, String cursor, int limit) {
        if (repository.existingIds(tenantId, List.of(id)).isEmpty()) {
            throw ProblemException.notFound("Memory", id);
        }
        Long before = dev.engram.platform.Params.versionCursor(cursor);
        List<MemoryRevisionEntity> rows = revisions.page(tenantId, id, before, limit + 1);
        boolean more = rows.size() > limit;
        List<MemoryRevisionEntity> page = more ? rows.subList(0, limit) : rows;
        List<MemoryRevision> items = page.stream().map(r -> new MemoryRevision(r.version, r.replacedAt,
                snapshots.convertValue(r.snapshot, MemoryResponse.class))).toList();
        return new MemoryRevisionPage(id, items, more ? Long.toString(page.get(limit - 1).version) : null);
    }

    public MemoryPage list(String tenantId, MemoryFilter filter, String cursor, int limit) {
        List<MemoryEntity> rows = repository.page(tenantId, filter, PageCursor.decode(cursor), limit + 1);
        boolean more = rows.size() > limit;
        List<MemoryEntity> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new PageCursor(page.get(limit - 1).createdAt, page.get(limit - 1).id).encode() : null;
        return new MemoryPage(page.stream().map(MemoryMapper::toResponse).toList(), next);
    }

    /** Memories whose event time lies within the last {@code hours}, newest first. */
    public List<MemoryResponse> recent(String tenantId, int hours, List<String> types, int limit) {
        return repository.occurredSince(tenantId, clock.instant().minus(Duration.ofHours(hours)), types, limit)
                .stream().map(MemoryMapper::toResponse).toList();
    }

    /** Memories by id in one query (no per-row loads); unknown ids and other tenants' ids are left out. */
    public Map<UUID, MemoryResponse> findByIds(String tenantId, Collection<UUID> ids) {
        return repository.findInTenant(tenantId, ids).stream().map(MemoryMapper::toResponse)
                .collect(java.util.stream.Collectors.toMap(MemoryResponse::id, m -> m));
    }

    /** Those of {@code ids} that are memories of the tenant (one query); other tenants' ids are left out. */
    public java.util.Set<UUID> existingIds(String tenantId, Collection<UUID> ids) {
        return ids.isEmpty() ? java.util.Set.of() : new java.util.HashSet<>(repository.existingIds(tenantId, ids));
    }

    /** Counts retrievals (search hits) without slowing the request: flushed in batches off the request path. */
    public void recordAccess(String tenantId, Collection<UUID> ids) {
        accessTracker.record(tenantId, ids);
    }

    /**
     * The whole numbers above {@code above} in metadata field {@code field} of the tenant's memories whose metadata
     * contains {@code containment} (JSON containment, uses the GIN index); values that are not numbers are left out.
     */
    public java.util.Set<Long> numbersInMetadata(String tenantId, Map<String, Object> containment, String field,
                                                 long above) {
        String filter;
        try {
            filter = json.writeValueAsString(containment);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata filter is not serialisable", e);
        }
        return new java.util.HashSet<>(repository.numbersInMetadata(tenantId, filter, field, above));
    }

    public long countByType(String tenantId, String typeCode) {
        return repository.countByType(tenantId, typeCode);
    }

    public Map<UUID, Long> countByContext(String tenantId, Collection<UUID> contextIds) {
        return repository.countByContext(tenantId, contextIds);
    }

    /**
     * Those of {@code contents} that the tenant already stores for the same user (or without a user when
     * {@code userId} is null), compared by content hash as written (stripped, SHA-256).
     */
    public java.util.Set<String> existingContents(String tenantId, String userId, Collection<String> contents) {
        Map<String, String> byHash = new java.util.HashMap<>();
        for (String content : contents) {
            byHash.put(MemoryWriteService.contentHash(content), content);
        }
        java.util.Set<String> existing = new java.util.HashSet<>();
        for (String hash : repository.existingHashes(tenantId, userId, byHash.keySet())) {
            existing.add(byHash.get(hash));
        }
        return existing;
    }
}
