package dev.engram.graph;

import dev.engram.graph.api.AssociationFilter;
import dev.engram.graph.api.Direction;
import dev.engram.platform.Conditions;
import dev.engram.platform.PageCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class AssociationRepository implements PanacheRepositoryBase<AssociationEntity, UUID> {

    Optional<AssociationEntity> findInTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    Optional<AssociationEntity> findEdge(String tenantId, UUID sourceId, UUID targetId, String type) {
        return find("tenantId = ?1 and sourceId = ?2 and targetId = ?3 and associationType = ?4",
                tenantId, sourceId, targetId, type).firstResultOptional();
    }

    /** Inserts the edge unless (tenant, source, target, type) exists; returns whether it was inserted. */
    boolean insertIfAbsent(AssociationEntity e) {
        return getEntityManager().createNativeQuery("insert into association (id, tenant_id, source_id, target_id,"
                        + " association_type, strength, confidence, description, learned_automatically, usage_count,"
                        + " created_at, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?10)"
                        + " on conflict on constraint association_unique_edge do nothing")
                .setParameter(1, e.id).setParameter(2, e.tenantId).setParameter(3, e.sourceId)
                .setParameter(4, e.targetId).setParameter(5, e.associationType).setParameter(6, e.strength)
                .setParameter(7, e.confidence).setParameter(8, e.description).setParameter(9, e.learnedAutomatically)
                .setParameter(10, e.createdAt).executeUpdate() == 1;
    }

    /** Newest first by (createdAt, id), after the cursor position when one is given; fetches {@code limit} rows. */
    List<AssociationEntity> page(String tenantId, AssociationFilter f, PageCursor after, int limit) {
        Conditions c = common(Conditions.where("tenantId = :tenant", "tenant", tenantId)
                .and("sourceId = :source", "source", f.sourceId())
                .and("targetId = :target", "target", f.targetId())
                .and("(sourceId = :memory or targetId = :memory)", "memory", f.memoryId()), f.types(), f.minStrength())
                .and("learnedAutomatically = :auto", "auto", f.learnedAutomatically())
                .before(after);
        return find(c.orderBy("createdAt desc, id desc"), c.params()).page(0, limit).list();
    }

    /** A memory's edges in one direction or both, strongest first. */
    List<AssociationEntity> ofMemory(String tenantId, UUID memoryId, Direction direction, List<String> types,
                                     Double minStrength, int limit) {
        String edge = switch (direction) {
            case OUT -> "sourceId = :memory";
            case IN -> "targetId = :memory";
            case BOTH -> "(sourceId = :memory or targetId = :memory)";
        };
        Conditions c = common(Conditions.where("tenantId = :tenant", "tenant", tenantId).and(edge, "memory", memoryId),
                types, minStrength);
        return find(c.orderBy("strength desc, createdAt desc, id desc"), c.params()).page(0, limit).list();
    }

    long deleteInTenant(String tenantId, UUID id) {
        return delete("id = ?1 and tenantId = ?2", id, tenantId);
    }

    private static Conditions common(Conditions c, List<String> types, Double minStrength) {
        return c.and("associationType in :types", "types", types)
                .and("strength >= :minStrength", "minStrength", Conditions.real(minStrength));
    }
}
