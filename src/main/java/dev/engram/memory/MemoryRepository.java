package dev.engram.memory;

import dev.engram.memory.api.MemoryFilter;
import dev.engram.platform.Conditions;
import dev.engram.platform.PageCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class MemoryRepository implements PanacheRepositoryBase<MemoryEntity, UUID> {

    Optional<MemoryEntity> findInTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    /**
     * The memory, read under its row lock until the transaction ends: a change of the row by SQL that does not bump
     * the version (decay) or by another PATCH waits for this transaction, or this read waits for it, so neither
     * overwrites the other (the entity writes every column back).
     */
    Optional<MemoryEntity> findInTenantForUpdate(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    List<MemoryEntity> findInTenant(String tenantId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // Hibernate's multi-id loader: one statement with the ids as a single array parameter (id = any(?)), rows in
        // the ids' order. An HQL "id in ?2" list parameter has no cached plan, so every search translated HQL to SQL
        // again (JFR: 22.7 -> 18.2 % of a search's samples, docs/benchmarks.md). Other tenants' rows are dropped here.
        return getSession().findMultiple(MemoryEntity.class, List.copyOf(new LinkedHashSet<>(ids))).stream()
                .filter(m -> m != null && m.tenantId.equals(tenantId)).toList();
    }

    List<UUID> existingIds(String tenantId, Collection<UUID> ids) {
        return getEntityManager().createQuery(
                        "select m.id from MemoryEntity m where m.tenantId = :t and m.id in :ids", UUID.class)
                .setParameter("t", tenantId).setParameter("ids", ids).getResultList();
    }

    /** Newest first by (createdAt, id), after the cursor position when one is given; fetches {@code limit} rows. */
    List<MemoryEntity> page(String tenantId, MemoryFilter f, PageCursor after, int limit) {
        Conditions c = Conditions.where("tenantId = :tenant and supersededBy is null", "tenant", tenantId)
                .and("typeCode in :types", "types", f.types())
                .and("contextId = :contextId", "contextId", f.contextId())
                .and("userId = :userId", "userId", f.userId())
                .and("agentId = :agentId", "agentId", f.agentId())
                .and("validationStatus = :status", "status", f.validationStatus())
                .and("importance >= :minImportance", "minImportance", Conditions.real(f.minImportance()))
                .and("occurredAt >= :since", "since", f.since())
                .and("occurredAt < :until", "until", f.until())
                .before(after);
        return find(c.orderBy("createdAt desc, id desc"), c.params()).page(0, limit).list();
    }

    List<MemoryEntity> occurredSince(String tenantId, Instant since, List<String> types, int limit) {
        Conditions c = Conditions.where("tenantId = :tenant and supersededBy is null", "tenant", tenantId)
                .and("occurredAt >= :since", "since", since)
                .and("typeCode in :types", "types", types);
        return find(c.orderBy("occurredAt desc, id desc"), c.params()).page(0, limit).list();
    }

    /** Ids of the tenant's memories whose metadata contains the given JSON object. */
    @SuppressWarnings("unchecked")
    List<Long> numbersInMetadata(String tenantId, String containmentJson, String field, long above) {
        return getEntityManager().createNativeQuery("select n from (select case when jsonb_typeof(metadata -> ?3)"
                        + " = 'number' then case when abs((metadata ->> ?3)::numeric) < 9e18" // CASE: evaluated in order
                        + " then floor((metadata ->> ?3)::numeric)::bigint end end as n from memory"
                        + " where tenant_id = ?1 and metadata @> cast(?2 as jsonb)) x where n > ?4", Long.class)
                .setParameter(1, tenantId).setParameter(2, containmentJson).setParameter(3, field)
                .setParameter(4, above).getResultList();
    }

    long countByType(String tenantId, String typeCode) {
        return count("tenantId = ?1 and typeCode = ?2", tenantId, typeCode);
    }

    Map<UUID, Long> countByContext(String tenantId, Collection<UUID> contextIds) {
        Map<UUID, Long> counts = new HashMap<>();
        if (contextIds.isEmpty()) {
            return counts;
        }
        List<Object[]> rows = getEntityManager().createQuery(
                        "select m.contextId, count(m) from MemoryEntity m where m.tenantId = :t and m.contextId in :ids "
                                + "group by m.contextId", Object[].class)
                .setParameter("t", tenantId).setParameter("ids", contextIds).getResultList();
        for (Object[] row : rows) {
            counts.put((UUID) row[0], (Long) row[1]);
        }
        return counts;
    }

    /** Which of {@code hashes} the tenant stores for the user ({@code null}: for no user). */
    List<String> existingHashes(String tenantId, String userId, Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        String user = userId == null ? "m.userId is null" : "m.userId = :u";
        var query = getEntityManager().createQuery("select distinct m.contentHash from MemoryEntity m"
                        + " where m.tenantId = :t and m.contentHash in :h and " + user, String.class)
                .setParameter("t", tenantId).setParameter("h", hashes);
        if (userId != null) {
            query.setParameter("u", userId);
        }
        return query.getResultList();
    }
}
