package dev.engram.memory;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Earlier versions of memories ({@code memory_revision}): written before a PATCH, read newest first. */
@ApplicationScoped
class MemoryRevisionRepository implements PanacheRepositoryBase<MemoryRevisionEntity, UUID> {

    /**
     * Keeps {@code snapshot} as the memory's revision {@code version}, then drops all but the {@code keep} newest of
     * the memory's revisions. Runs in the PATCH's transaction, under the memory's row lock.
     */
    void record(String tenantId, UUID memoryId, long version, String snapshot, Instant replacedAt, int keep) {
        getEntityManager().createNativeQuery("insert into memory_revision (id, memory_id, tenant_id, version, snapshot,"
                        + " replaced_at) values (?1, ?2, ?3, ?4, cast(?5 as jsonb), ?6)"
                        + " on conflict (memory_id, version) do nothing")
                .setParameter(1, UUID.randomUUID()).setParameter(2, memoryId).setParameter(3, tenantId)
                .setParameter(4, version).setParameter(5, snapshot).setParameter(6, replacedAt)
                .executeUpdate();
        getEntityManager().createNativeQuery("delete from memory_revision where memory_id = ?1 and version <"
                        + " coalesce((select version from memory_revision where memory_id = ?1 order by version desc"
                        + " offset ?2 limit 1), -1)")
                .setParameter(1, memoryId).setParameter(2, keep - 1)
                .executeUpdate();
    }

    /** Revisions of a memory, newest first, older than {@code before} when given; fetches {@code limit} rows. */
    List<MemoryRevisionEntity> page(String tenantId, UUID memoryId, Long before, int limit) {
        if (before == null) {
            return find("tenantId = ?1 and memoryId = ?2 order by version desc", tenantId, memoryId)
                    .page(0, limit).list();
        }
        return find("tenantId = ?1 and memoryId = ?2 and version < ?3 order by version desc", tenantId, memoryId,
                before).page(0, limit).list();
    }
}
