package dev.engram.memorytype;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

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
     * Locks the tenant's own row of the type {@code FOR UPDATE} (which waits for an import holding it
     * {@code FOR KEY SHARE}); false when the row is gone meanwhile.
     */
    boolean lockForDelete(String tenantId, String code) {
        return !getEntityManager().createNativeQuery("select 1 from memory_type where tenant_id = ?1 and code = ?2"
                + " for update").setParameter(1, tenantId).setParameter(2, code).getResultList().isEmpty();
    }
}
