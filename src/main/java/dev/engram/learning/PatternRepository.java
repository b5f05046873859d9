package dev.engram.learning;

import dev.engram.learning.api.PatternFilter;
import dev.engram.platform.PageCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class PatternRepository implements PanacheRepositoryBase<PatternEntity, UUID> {

    Optional<PatternEntity> findInTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    /**
     * The pattern with its row locked until the transaction ends: concurrent applications of one pattern queue up
     * here and each reads the counters the previous one committed, so no outcome is lost.
     */
    Optional<PatternEntity> lockInTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Newest first by (createdAt, id), after the cursor when given. */
    List<PatternEntity> page(String tenantId, PatternFilter filter, PageCursor after, int limit) {
        StringBuilder q = new StringBuilder("tenantId = :tenant");
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

    /** Most confident first (then most applied, newest). */
    List<PatternEntity> mostConfident(String tenantId, PatternFilter filter, int limit) {
        StringBuilder q = new StringBuilder("tenantId = :tenant");
        Map<String, Object> p = new HashMap<>();
        p.put("tenant", tenantId);
        appendFilter(q, p, filter);
        q.append(" order by confidence desc, appliedCount desc, createdAt desc, id desc");
        return find(q.toString(), p).page(0, limit).list();
    }

    private static void appendFilter(StringBuilder q, Map<String, Object> p, PatternFilter f) {
        if (f.patternType() != null) {
            q.append(" and patternType = :type");
            p.put("type", f.patternType());
        }
        if (f.userId() != null) {
            q.append(" and userId = :userId");
            p.put("userId", f.userId());
        }
        if (f.agentId() != null) {
            q.append(" and agentId = :agentId");
            p.put("agentId", f.agentId());
        }
        if (f.active() != null) {
            q.append(" and active = :active");
            p.put("active", f.active());
        }
        if (f.minConfidence() != null) {
            q.append(" and confidence >= :minConfidence");
            p.put("minConfidence", f.minConfidence().floatValue());
        }
    }
}
