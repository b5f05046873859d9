package dev.engram.memory;

import dev.engram.memory.api.MemoryFilter;
import dev.engram.platform.PageCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

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
    List<MemoryEntity> page(String tenantId, MemoryFilter filter, PageCursor after, int limit) {
        StringBuilder q = new StringBuilder("tenantId = :tenant and supersededBy is null");
        Map<String, Object> p = new HashMap<>();
        p.put("tenant", tenantId);
        appendFilter(q, p, filter);
        if (after != null) {
            q.append(" and (createdAt < :cAt or (createdAt = :cAt and id < :cId))");
            p.put("cAt", after.createdAt());
            p.put("cId", after.id());
        }
        q.append(" order by createdAt desc, id desc");
        return find(q.toString(), p).page(0, limit).list();
    }

    List<MemoryEntity> occurredSince(String tenantId, Instant since, List<String> types, int limit) {
        StringBuilder q = new StringBuilder("tenantId = :tenant and supersededBy is null and occurredAt >= :since");
        Map<String, Object> p = new HashMap<>();
        p.put("tenant", tenantId);
        p.put("since", since);
        if (types != null && !types.isEmpty()) {
            q.append(" and typeCode in :types");
            p.put("types", types);
        }
        q.append(" order by occurredAt desc, id desc");
        return find(q.toString(), p).page(0, limit).list();
    }

    /** Ids of the tenant's memories whose metadata contains the given JSON object. */
    @SuppressWarnings("unchecked")
    List<UUID> idsWithMetadata(String tenantId, String containmentJson, int limit) {
        return getEntityManager().createNativeQuery(
                        "select id from memory where tenant_id = ?1 and metadata @> cast(?2 as jsonb) limit ?3", UUID.class)
                .setParameter(1, tenantId).setParameter(2, containmentJson).setParameter(3, limit).getResultList();
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

    private static void appendFilter(StringBuilder q, Map<String, Object> p, MemoryFilter f) {
        if (f.types() != null && !f.types().isEmpty()) {
            q.append(" and typeCode in :types");
            p.put("types", f.types());
        }
        if (f.contextId() != null) {
            q.append(" and contextId = :contextId");
            p.put("contextId", f.contextId());
        }
        if (f.userId() != null) {
            q.append(" and userId = :userId");
            p.put("userId", f.userId());
        }
        if (f.agentId() != null) {
            q.append(" and agentId = :agentId");
            p.put("agentId", f.agentId());
        }
        if (f.validationStatus() != null) {
            q.append(" and validationStatus = :status");
            p.put("status", f.validationStatus());
        }
        if (f.minImportance() != null) {
            q.append(" and importance >= :minImportance");
            p.put("minImportance", f.minImportance().floatValue());
        }
        if (f.since() != null) {
            q.append(" and occurredAt >= :since");
            p.put("since", f.since());
        }
        if (f.until() != null) {
            q.append(" and occurredAt < :until");
            p.put("until", f.until());
        }
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
