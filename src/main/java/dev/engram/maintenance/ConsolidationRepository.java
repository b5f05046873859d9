package dev.engram.maintenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.platform.JdbcColumns;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
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
 * Consolidation SQL. Near-duplicate pairs come from one statement: for each of the tenant's newest memories in the
 * window, its HNSW nearest neighbours (a LATERAL subquery whose ORDER BY is the bare distance, as for automatic
 * links; user, type and window are checked outside it so that the planner keeps the index). A group is merged in one
 * transaction: its rows are locked in id order ({@code FOR UPDATE}), then a fixed number of statements per group.
 */
@ApplicationScoped
class ConsolidationRepository {

    /** Neighbours looked at per memory; a memory with more near-duplicates than this is linked through them. */
    static final int NEIGHBOURS = 10;
    private static final int EF_SEARCH = 100;

    static final String PAIRS_SQL = "with cand as (select id, embedding, user_id, agent_id, type_code from memory"
            + " where tenant_id = ? and created_at >= ? and superseded_by is null and embedding is not null"
            + " and (expires_at is null or expires_at > now()) order by created_at desc, id desc limit ?)"
            + " select n.id, c.id from cand n cross join lateral (select m.id, m.user_id, m.agent_id, m.type_code,"
            + "   m.created_at,"
            + "   1 - (m.embedding <=> n.embedding) as similarity from memory m"
            + "   where m.tenant_id = ? and m.id <> n.id and m.embedding is not null and m.superseded_by is null"
            + "   and (m.expires_at is null or m.expires_at > now())"
            + "   order by m.embedding <=> n.embedding limit ?) c"
            + " where c.similarity >= ? and c.created_at >= ? and c.type_code = n.type_code"
            + " and c.user_id is not distinct from n.user_id and c.agent_id is not distinct from n.agent_id";

    private static final String MEMBERS_SQL = "select m.id, m.permanent, m.importance, m.confidence,"
            + " coalesce(a.access_count, 0), m.created_at, m.expires_at, m.keywords, m.entities, m.metadata::text"
            + " from memory m left join memory_access a on a.memory_id = m.id"
            + " where m.tenant_id = ? and m.id = any(?) and m.superseded_by is null order by m.id";

    private static final String MOVE_EDGES_SQL = "insert into association (id, tenant_id, source_id, target_id,"
            + " association_type, strength, confidence, description, learned_automatically, usage_count, last_used,"
            + " created_at, updated_at)"
            + " select distinct on (x.ns, x.nt, a.association_type) gen_random_uuid(), a.tenant_id, x.ns, x.nt,"
            + " a.association_type, a.strength, a.confidence, a.description, a.learned_automatically, a.usage_count,"
            + " a.last_used, a.created_at, ? from association a cross join lateral (select"
            + "   case when a.source_id = any(?) then ?::uuid else a.source_id end as ns,"
            + "   case when a.target_id = any(?) then ?::uuid else a.target_id end as nt) x"
            + " where a.tenant_id = ? and (a.source_id = any(?) or a.target_id = any(?)) and x.ns <> x.nt"
            + " order by x.ns, x.nt, a.association_type, a.strength desc, a.id"
            + " on conflict on constraint association_unique_edge do nothing";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    ConsolidationRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Near-duplicate pairs among the tenant's newest {@code maxMemories} memories created since {@code since}. */
    List<DuplicateGroups.Pair> pairs(String tenantId, Instant since, double threshold, int maxMemories) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("select set_config('hnsw.ef_search', ?, true),"
                        + " set_config('hnsw.iterative_scan', 'relaxed_order', true)")) {
                    ps.setString(1, Integer.toString(EF_SEARCH));
                    ps.executeQuery().close();
                }
                try (PreparedStatement ps = c.prepareStatement(PAIRS_SQL)) {
                    bind(c, ps, tenantId, dev.engram.platform.JdbcColumns.timestamptz(since), maxMemories, tenantId, NEIGHBOURS, threshold,
                            dev.engram.platform.JdbcColumns.timestamptz(since));
                    List<DuplicateGroups.Pair> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new DuplicateGroups.Pair(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
                        }
                    }
                    return out;
                }
            }
        });
    }

    /** The live (not superseded) members among {@code ids}, read without locking (dry runs). */
    List<SurvivorPolicy.Member> members(String tenantId, Collection<UUID> ids) {
        try (Connection c = dataSource.getConnection()) {
            return members(c, tenantId, ids, false);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read memories: " + e.getMessage(), e);
        }
    }

    /** What one merged group changed. */
    record Merge(UUID survivorId, List<UUID> supersededIds, int associationsMoved) {
    }

    /**
     * Merges one group in one transaction: locks its live rows in id order, lets the policy pick the survivor, updates
     * it, marks the others superseded, re-points their associations and earlier superseded rows. Null when fewer
     * than two members are still live (a concurrent run or delete got there first).
     */
    Merge merge(String tenantId, List<UUID> ids, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<SurvivorPolicy.Member> live = members(c, tenantId, ids, true);
                if (live.size() < 2) {
                    return null;
                }
                SurvivorPolicy.Member survivor = SurvivorPolicy.survivor(live);
                SurvivorPolicy.Merged merged = SurvivorPolicy.merge(survivor, live);
                UUID[] losers = live.stream().map(SurvivorPolicy.Member::id).filter(id -> !id.equals(survivor.id()))
                        .toArray(UUID[]::new);
                java.time.OffsetDateTime at = JdbcColumns.timestamptz(now);
                update(c, "insert into memory_access (memory_id, access_count) values (?, ?) on conflict (memory_id)"
                        + " do update set access_count = excluded.access_count", survivor.id(), merged.accessCount());
                update(c, "update memory set keywords = ?, entities = ?, metadata = cast(? as jsonb),"
                        + " importance = ?, expires_at = ?, updated_at = ?, version = version + 1"
                        + " where tenant_id = ? and id = ?",
                        c.createArrayOf("text", merged.keywords().toArray()),
                        c.createArrayOf("text", merged.entities().toArray()), JdbcColumns.json(json, merged.metadata()),
                        (float) merged.importance(),
                        JdbcColumns.timestamptz(merged.expiresAt()), at, tenantId,
                        survivor.id());
                Array loserArray = c.createArrayOf("uuid", losers);
                update(c, "update memory set superseded_by = ?, superseded_at = ?, updated_at = ?, version = version + 1"
                        + " where tenant_id = ? and id = any(?)", survivor.id(), at, at, tenantId, loserArray);
                update(c, "update memory set superseded_by = ? where tenant_id = ? and superseded_by = any(?)",
                        survivor.id(), tenantId, loserArray);
                int moved = update(c, MOVE_EDGES_SQL, at, loserArray, survivor.id(), loserArray, survivor.id(), tenantId,
                        loserArray, loserArray);
                update(c, "delete from association where tenant_id = ? and (source_id = any(?) or target_id = any(?))",
                        tenantId, loserArray, loserArray);
                return new Merge(survivor.id(), List.of(losers), moved);
            }
        });
    }

    private List<SurvivorPolicy.Member> members(Connection c, String tenantId, Collection<UUID> ids, boolean lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MEMBERS_SQL + (lock ? " for update of m" : ""))) {
            bind(c, ps, tenantId, c.createArrayOf("uuid", ids.toArray()));
            List<SurvivorPolicy.Member> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SurvivorPolicy.Member(rs.getObject(1, UUID.class), rs.getBoolean(2),
                            Double.parseDouble(Float.toString(rs.getFloat(3))),
                            Double.parseDouble(Float.toString(rs.getFloat(4))), rs.getInt(5),
                            dev.engram.platform.JdbcColumns.instant(rs, 6),
                            dev.engram.platform.JdbcColumns.instant(rs, 7),
                            JdbcColumns.texts(rs.getArray(8)), JdbcColumns.texts(rs.getArray(9)),
                            JdbcColumns.map(json, rs.getString(10))));
                }
            }
            return out;
        }
    }

    private static int update(Connection c, String sql, Object... binds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, binds);
            return ps.executeUpdate();
        }
    }

    private static void bind(Connection c, PreparedStatement ps, Object... binds) throws SQLException {
        for (int i = 0; i < binds.length; i++) {
            ps.setObject(i + 1, binds[i]);
        }
    }

}
