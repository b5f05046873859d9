package dev.engram.context;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class ContextRepository implements PanacheRepositoryBase<ContextEntity, UUID> {

    Optional<ContextEntity> findInTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    List<UUID> existingIds(String tenantId, Collection<UUID> ids) {
        return getEntityManager().createQuery(
                        "select c.id from ContextEntity c where c.tenantId = :t and c.id in :ids", UUID.class)
                .setParameter("t", tenantId).setParameter("ids", ids).getResultList();
    }

    void touch(String tenantId, Collection<UUID> ids, Instant now) {
        update("lastAccessed = ?1 where tenantId = ?2 and id in ?3", now, tenantId, ids);
    }

    List<ContextEntity> page(String tenantId, String userId, String agentId, String status, String type,
                             Instant afterCreatedAt, UUID afterId, int limit) {
        StringBuilder q = new StringBuilder("tenantId = :t");
        Map<String, Object> p = new HashMap<>();
        p.put("t", tenantId);
        if (userId != null) {
            q.append(" and userId = :u");
            p.put("u", userId);
        }
        if (agentId != null) {
            q.append(" and agentId = :a");
            p.put("a", agentId);
        }
        if (status != null) {
            q.append(" and status = :s");
            p.put("s", status);
        }
        if (type != null) {
            q.append(" and contextType = :ct");
            p.put("ct", type);
        }
        if (afterCreatedAt != null) {
            q.append(" and (createdAt < :cAt or (createdAt = :cAt and id < :cId))");
            p.put("cAt", afterCreatedAt);
            p.put("cId", afterId);
        }
        q.append(" order by createdAt desc, id desc");
        return find(q.toString(), p).page(0, limit).list();
    }
}
