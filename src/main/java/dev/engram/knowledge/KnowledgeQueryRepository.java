package dev.engram.knowledge;

import dev.engram.platform.PageCursor;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Id queries over knowledge entries that need array parameters (tags) and the HNSW index: listing and search. The
 * entries themselves are then loaded by id in one query. Every value is a bound parameter.
 */
@ApplicationScoped
class KnowledgeQueryRepository {

    /** Filters shared by listing and search; null means "any". Tags: entries carrying all of them. */
    record Filter(String domain, String knowledgeType, List<String> tags, Boolean active) {
    }

    private final AgroalDataSource dataSource;

    KnowledgeQueryRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Newest first by (createdAt, id), after the cursor when given. */
    List<UUID> page(String tenantId, Filter f, PageCursor after, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select id from knowledge_entry where ");
        where(sql, params, tenantId, f);
        if (after != null) {
            sql.append(" and (created_at < ? or (created_at = ? and id < ?))");
            params.add(dev.engram.platform.JdbcColumns.timestamptz(after.createdAt()));
            params.add(dev.engram.platform.JdbcColumns.timestamptz(after.createdAt()));
            params.add(after.id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(limit);
        return QuarkusTransaction.requiringNew().call(() -> ids(sql.toString(), params, false).keySet().stream().toList());
    }

    /**
     * Nearest entries to {@code vector} (HNSW, cosine) → similarity, best first. The iterative scan in
     * {@code relaxed_order} may return rows slightly out of distance order (pgvector's documented trade-off), so the
     * rows are sorted again here ({@link #bestFirst}).
     */
    Map<UUID, Double> nearest(String tenantId, Filter f, String vector, int limit, int efSearch) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select id, 1 - (embedding <=> cast(? as halfvec)) from knowledge_entry where ");
        params.add(vector);
        where(sql, params, tenantId, f);
        sql.append(" and embedding is not null order by embedding <=> cast(? as halfvec) limit ?");
        params.add(vector);
        params.add(limit);
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select set_config('hnsw.ef_search', ?, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)")) {
                ps.setString(1, Integer.toString(Math.max(efSearch, limit)));
                ps.executeQuery().close();
            }
            return bestFirst(ids(sql.toString(), params, true));
        });
    }

    /** The entries by similarity, highest first; equal similarities by id, so that the order is stable. */
    static Map<UUID, Double> bestFirst(Map<UUID, Double> similarities) {
        Map<UUID, Double> out = new LinkedHashMap<>();
        similarities.entrySet().stream()
                .sorted(Map.Entry.<UUID, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private Map<UUID, Double> ids(String sql, List<Object> params, boolean withScore) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object v = params.get(i);
                if (v instanceof String[] array) {
                    ps.setArray(i + 1, c.createArrayOf("text", array));
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            Map<UUID, Double> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), withScore ? rs.getDouble(2) : null);
                }
            }
            return out;
        }
    }

    private static void where(StringBuilder sql, List<Object> params, String tenantId, Filter f) {
        sql.append("tenant_id = ?");
        params.add(tenantId);
        if (f.domain() != null) {
            sql.append(" and domain = ?");
            params.add(f.domain());
        }
        if (f.knowledgeType() != null) {
            sql.append(" and knowledge_type = ?");
            params.add(f.knowledgeType());
        }
        if (f.tags() != null && !f.tags().isEmpty()) {
            sql.append(" and tags @> ?");
            params.add(f.tags().toArray(String[]::new));
        }
        if (f.active() != null) {
            sql.append(" and active = ?");
            params.add(f.active());
        }
    }
}
