package dev.engram.knowledge;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class KnowledgeVersionRepository implements PanacheRepositoryBase<KnowledgeVersionEntity, UUID> {

    /** Versions of an entry, newest first, older than {@code before} when given; fetches {@code limit} rows. */
    List<KnowledgeVersionEntity> page(String tenantId, UUID entryId, Long before, int limit) {
        if (before == null) {
            return find("tenantId = ?1 and entryId = ?2 order by version desc", tenantId, entryId).page(0, limit).list();
        }
        return find("tenantId = ?1 and entryId = ?2 and version < ?3 order by version desc", tenantId, entryId, before)
                .page(0, limit).list();
    }
}
