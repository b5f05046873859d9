package dev.engram.graph;

import dev.engram.graph.api.AssociationFilter;
import dev.engram.graph.api.Direction;
import dev.engram.platform.PageCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        StringBuilder q = new StringBuilder("tenantId = :tenant");
        Map<String, Object> p = new HashMap<>();
        p.put("tenant", tenantId);
        if (f.sourceId() != null) {
            q.append(" and sourceId = :source");
            p.put("source", f.sourceId());
        }
        if (f.targetId() != null) {
            q.append(" and targetId = :target");
            p.put("target", f.targetId());
        }
        if (f.memoryId() != null) {
            q.append(" and (sourceId = :memory or targetId = :memory)");
            p.put("memory", f.memoryId());
        }
        appendCommon(q, p, f.types(), f.minStrength());
        if (f.learnedAutomatically() != null) {
            q.append(" and learnedAutomatically = :auto");
            p.put("auto", f.learnedAutomatically());
        }
        if (after != null) {
            q.append(" and (createdAt < :cAt or (createdAt = :cAt and id < :cId))");
            p.put("cAt", after.createdAt());
            p.put("cId", after.id());
        }
        q.append(" order by createdAt desc, id desc");
        return find(q.toString(), p).page(0, limit).list();
    }

    /** A memory's edges in one direction or both, strongest first. */
    List<AssociationEntity> ofMemory(String tenantId, UUID memoryId, Direction direction, List<String> types,
                                     Double minStrength, int limit) {
        StringBuilder q = new StringBuilder("tenantId = :tenant and ");
        q.append(switch (direction) {
            case OUT -> "sourceId = :memory";
            case IN -> "targetId = :memory";
            case BOTH -> "(sourceId = :memory or targetId = :memory)";
        });
        Map<String, Object> p = new HashMap<>();
        p.put("tenant", tenantId);
        p.put("memory", memoryId);
        appendCommon(q, p, types, minStrength);
        q.append(" order by strength desc, createdAt desc, id desc");
        return find(q.toString(), p).page(0, limit).list();
    }

    long deleteInTenant(String tenantId, UUID id) {
        return delete("id = ?1 and tenantId = ?2", id, tenantId);
    }

    private static void appendCommon(StringBuilder q, Map<String, Object> p, List<String> types, Double minStrength) {
        if (types != null && !types.isEmpty()) {
            q.append(" and associationType in :types");
            p.put("types", types);
        }
        if (minStrength != null) {
            q.append(" and strength >= :minStrength");
            p.put("minStrength", minStrength.floatValue());
        }
    }
}
