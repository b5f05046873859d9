package dev.engram.memorytype;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
class MemoryTypeRepository implements PanacheRepositoryBase<MemoryTypeEntity, MemoryTypeEntity.Key> {

    /** The types a tenant sees: its own rows, and the built-in rows it has not overridden; ordered by code. */
    Map<String, MemoryTypeEntity> effective(String tenantId) {
        List<MemoryTypeEntity> rows = list("key.tenantId in ?1 order by key.code",
                List.of(tenantId, MemoryTypeEntity.SYSTEM_TENANT));
        Map<String, MemoryTypeEntity> byCode = new LinkedHashMap<>();
        for (MemoryTypeEntity row : rows) {
            byCode.merge(row.key.code, row, (a, b) -> a.builtIn() ? b : a);
        }
        return byCode;
    }

    /**
     * The effective rows of these codes (the tenant's own, else the built-in), locked {@code FOR KEY SHARE} until the
     * caller's transaction ends: a concurrent delete ({@link #lockOwn}) waits for it, and the caller waits for a
     * delete that locked the row first (and then no longer finds it). Writes of memories never block each other.
     */
    @SuppressWarnings("unchecked")
    Map<String, MemoryTypeEntity> lockEffective(String tenantId, Collection<String> codes) {
        List<MemoryTypeEntity> rows = getEntityManager().createNativeQuery("select * from memory_type"
                        + " where tenant_id in (?1, ?2) and code in (?3) order by tenant_id, code for key share",
                        MemoryTypeEntity.class)
                .setParameter(1, tenantId).setParameter(2, MemoryTypeEntity.SYSTEM_TENANT)
                .setParameter(3, codes).getResultList();
        Map<String, MemoryTypeEntity> byCode = new LinkedHashMap<>();
        for (MemoryTypeEntity row : rows) {
            byCode.merge(row.key.code, row, (a, b) -> a.builtIn() ? b : a);
        }
        return byCode;
    }

    /**
     * Locks the tenant's own row of the code, if it has one, {@code FOR NO KEY UPDATE} until the caller's transaction
     * ends, before a change reads it: a concurrent change or delete of the row commits first and is then seen (memory
     * writes, which hold {@code FOR KEY SHARE}, are not waited for).
     */
    void lockOwnForChange(String tenantId, String code) {
        getEntityManager().createNativeQuery("select 1 from memory_type where tenant_id = ?1 and code = ?2"
                        + " for no key update").setParameter(1, tenantId).setParameter(2, code).getResultList();
    }

    /**
     * The tenant's own row of the code locked {@code FOR UPDATE} (a real row lock: {@code FOR NO KEY UPDATE} would not
     * wait for the {@code FOR KEY SHARE} of a memory write); null when the tenant has none, also when a concurrent
     * delete removed it while this one waited.
     */
    @SuppressWarnings("unchecked")
    MemoryTypeEntity lockOwn(String tenantId, String code) {
        List<MemoryTypeEntity> rows = getEntityManager().createNativeQuery("select * from memory_type"
                        + " where tenant_id = ?1 and code = ?2 for update", MemoryTypeEntity.class)
                .setParameter(1, tenantId).setParameter(2, code).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }
}
