package dev.engram.learning;

import dev.engram.learning.api.PatternFilter;
import dev.engram.platform.Conditions;
import dev.engram.platform.PageCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
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
        Conditions c = filtered(tenantId, filter).before(after);
        return find(c.orderBy("createdAt desc, id desc"), c.params()).page(0, limit).list();
    }

    /** Most confident first (then most applied, newest). */
    List<PatternEntity> mostConfident(String tenantId, PatternFilter filter, int limit) {
        Conditions c = filtered(tenantId, filter);
        return find(c.orderBy("confidence desc, appliedCount desc, createdAt desc, id desc"), c.params())
                .page(0, limit).list();
    }

    private static Conditions filtered(String tenantId, PatternFilter f) {
        return Conditions.where("tenantId = :tenant", "tenant", tenantId)
                .and("patternType = :type", "type", f.patternType())
                .and("userId = :userId", "userId", f.userId())
                .and("agentId = :agentId", "agentId", f.agentId())
                .and("active = :active", "active", f.active())
                .and("confidence >= :minConfidence", "minConfidence", Conditions.real(f.minConfidence()));
    }
}
