package dev.engram.knowledge;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class KnowledgeRepository implements PanacheRepositoryBase<KnowledgeEntity, UUID> {

    Optional<KnowledgeEntity> findInTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    /** The entry locked for update (concurrent writers of one entry take turns); call inside a transaction. */
    Optional<KnowledgeEntity> lockInTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Entries by id in one query, in the order of {@code ids}; unknown ids are left out. */
    List<KnowledgeEntity> findInTenantOrdered(String tenantId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Integer> position = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        return list("tenantId = ?1 and id in ?2", tenantId, (Collection<UUID>) ids).stream()
                .sorted(Comparator.comparing(e -> position.get(e.id))).toList();
    }

    long deleteInTenant(String tenantId, UUID id) {
        return delete("id = ?1 and tenantId = ?2", id, tenantId);
    }
}
