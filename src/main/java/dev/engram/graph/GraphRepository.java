package dev.engram.graph;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The graph's set-based SQL: one statement per expansion step (all frontier memories at once) and one statement
 * per batch of new memories for automatic links. Every value is a bound parameter.
 */
@ApplicationScoped
class GraphRepository {

    /**
     * Edges leaving the frontier (and symmetric edges entering it, followed backwards) to live memories of the tenant
     * and the optional user/agent scope, not yet visited; the strongest {@code perMemory} per frontier memory.
     */
    static final String EDGES_SQL = "select id, frontier, neighbor, association_type, strength, confidence from ("
            + " select e.*, row_number() over (partition by e.frontier order by e.strength * e.confidence desc, e.id) as rn"
            + " from (select a.id, a.source_id as frontier, a.target_id as neighbor, a.association_type, a.strength,"
            + "   a.confidence from association a where a.tenant_id = ? and a.source_id = any(?)"
            + "  union all"
            + "  select a.id, a.target_id, a.source_id, a.association_type, a.strength, a.confidence"
            + "   from association a where a.tenant_id = ? and a.target_id = any(?) and a.association_type = any(?)) e"
            + " join memory m on m.id = e.neighbor and m.tenant_id = ? and m.superseded_by is null and (m.expires_at is null or m.expires_at > now())"
            + "  and (cast(? as text) is null or m.user_id = ?) and (cast(? as text) is null or m.agent_id = ?)"
            + " where not (e.neighbor = any(?))) r where rn <= ?";

    /**
     * Links each new memory to its nearest neighbours in the same tenant (HNSW: the ORDER BY is the bare distance to
     * the new memory's vector, a parameter of the lateral subquery), keeping those at or above the minimum
     * similarity; existing edges are left alone. No user filter here: with one the planner's estimate made an exact
     * scan look cheaper than the index (checked with EXPLAIN); a user-scoped search expands only to that user's
     * memories anyway.
     * <p>
     * Both ends are locked {@code FOR SHARE}: a consolidation that supersedes one of them locks its rows
     * {@code FOR UPDATE} first, so either it waits for this statement's commit (and then re-points the new edges with
     * the others), or this statement waits for its commit and re-checks {@code superseded_by is null} on the new row
     * version, leaving the superseded memory out. Without the locks the snapshot could still see a memory live that a
     * concurrent consolidation had just superseded, and link to it after its edges were moved. Not
     * {@code FOR KEY SHARE}: that lock may be taken on the old version of a row whose update changed no key column
     * (superseding does not), so nothing would be re-checked ({@code AutoLinkRaceTest} fails with it).
     */
    static final String AUTO_LINK_SQL = "insert into association (id, tenant_id, source_id, target_id,"
            + " association_type, strength, confidence, learned_automatically, usage_count, created_at, updated_at)"
            + " select gen_random_uuid(), n.tenant_id, n.id, c.id, 'similar', round(c.similarity::numeric, 3),"
            + " round(c.similarity::numeric, 3), true, 0, ?, ?"
            + " from memory n cross join lateral (select m.id, 1 - (m.embedding <=> n.embedding) as similarity"
            + "   from memory m where m.tenant_id = n.tenant_id and m.id <> n.id and m.embedding is not null"
            + "   and m.superseded_by is null"
            + "   and (m.expires_at is null or m.expires_at > now())"
            + "   order by m.embedding <=> n.embedding limit ? for share of m) c"
            + " where n.tenant_id = ? and n.id = any(?) and n.embedding is not null and n.superseded_by is null"
            + " and c.similarity >= ? for share of n"
            + " on conflict on constraint association_unique_edge do nothing";

    private final AgroalDataSource dataSource;

    GraphRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<Edge> edges(String tenantId, Collection<UUID> frontier, Collection<UUID> visited, List<String> symmetricTypes,
                     String userId, String agentId, int perMemory) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(EDGES_SQL)) {
            UUID[] from = frontier.toArray(UUID[]::new);
            ps.setString(1, tenantId);
            ps.setArray(2, c.createArrayOf("uuid", from));
            ps.setString(3, tenantId);
            ps.setArray(4, c.createArrayOf("uuid", from));
            ps.setArray(5, c.createArrayOf("text", symmetricTypes.toArray()));
            ps.setString(6, tenantId);
            ps.setString(7, userId);
            ps.setString(8, userId);
            ps.setString(9, agentId);
            ps.setString(10, agentId);
            ps.setArray(11, c.createArrayOf("uuid", visited.toArray()));
            ps.setInt(12, perMemory);
            List<Edge> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Edge(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getString(4), exact(rs.getFloat(5)), exact(rs.getFloat(6))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Graph expansion failed: " + e.getMessage(), e);
        }
    }

    /** Returns the number of associations created. */
    int autoLink(String tenantId, Collection<UUID> ids, int maxLinks, double minSimilarity, Instant now, int efSearch) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("select set_config('hnsw.ef_search', ?, true),"
                        + " set_config('hnsw.iterative_scan', 'relaxed_order', true)")) {
                    ps.setString(1, Integer.toString(Math.max(efSearch, maxLinks)));
                    ps.executeQuery().close();
                }
                try (PreparedStatement ps = c.prepareStatement(AUTO_LINK_SQL)) {
                    dev.engram.platform.JdbcColumns.setInstant(ps, 1, now);
                    dev.engram.platform.JdbcColumns.setInstant(ps, 2, now);
                    ps.setInt(3, maxLinks);
                    ps.setString(4, tenantId);
                    ps.setArray(5, c.createArrayOf("uuid", ids.toArray()));
                    ps.setDouble(6, minSimilarity);
                    return ps.executeUpdate();
                }
            }
        });
    }

    /** float columns as the decimal that was stored (0.7, not 0.699999988079071). */
    private static double exact(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
