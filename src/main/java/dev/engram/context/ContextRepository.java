package dev.engram.context;

import dev.engram.platform.Conditions;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class ContextRepository implements PanacheRepositoryBase<ContextEntity, UUID> {

    Optional<ContextEntity> findInTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    /**
     * The context locked {@code FOR UPDATE} until the transaction ends: a concurrent PATCH waits and then reads what
     * this one wrote, and so does the {@code last_accessed} update of a memory written into the context.
     */
    Optional<ContextEntity> findInTenantForUpdate(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
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
        Conditions c = Conditions.where("tenantId = :t", "t", tenantId)
                .and("userId = :u", "u", userId)
                .and("agentId = :a", "a", agentId)
                .and("status = :s", "s", status)
                .and("contextType = :ct", "ct", type)
                .before(afterCreatedAt, afterId);
        return find(c.orderBy("createdAt desc, id desc"), c.params()).page(0, limit).list();
    }
}
