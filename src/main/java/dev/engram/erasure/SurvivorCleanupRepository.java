package dev.engram.erasure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.platform.JdbcColumns;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Survivors of other owners that memories of the erased subject were merged into (consolidations made before merges
 * were limited to one user and agent): their keywords, entities and metadata lose what only the subject's memories
 * account for ({@link SurvivorCleanupPolicy}). Runs in the erasure's connection and transaction, before the subject's
 * memories are deleted; the survivors are locked {@code FOR UPDATE} and written in one batch.
 */
@ApplicationScoped
class SurvivorCleanupRepository {

    /** One row per (survivor, merged member); the survivor's columns repeat. {@code %s} = the subject's column. */
    private static final String MEMBERS_SQL = "select s.id, concat_ws(' ', s.title, s.content, s.summary), s.keywords,"
            + " s.entities, s.metadata::text, m.keywords, m.entities, m.metadata::text, m.%1$s is not distinct from ?"
            + " from memory s join memory m on m.superseded_by = s.id and m.tenant_id = s.tenant_id"
            + " where s.tenant_id = ? and s.%1$s is distinct from ? and s.id in (select superseded_by from memory"
            + " where tenant_id = ? and %1$s = ? and superseded_by is not null)"
            + " order by s.id for update of s";

    private static final String UPDATE_SQL = "update memory set keywords = ?, entities = ?,"
            + " metadata = cast(? as jsonb), updated_at = ?, version = version + 1 where tenant_id = ? and id = ?";

    private static final String REVISIONS_SQL = "delete from memory_revision where tenant_id = ? and memory_id = any(?)";

    private final ObjectMapper json;

    SurvivorCleanupRepository(ObjectMapper json) {
        this.json = json;
    }

    /** A survivor and its merged members, split into the subject's and the others'. */
    private record Survivor(SurvivorCleanupPolicy.Values values, String text, List<SurvivorCleanupPolicy.Values> erased,
                            List<SurvivorCleanupPolicy.Values> kept) {
    }

    /** Cleans the survivors; answers how many changed. */
    long clean(Connection c, String tenantId, String column, String subjectId, Instant now) throws SQLException {
        Map<UUID, Survivor> survivors = survivors(c, tenantId, column, subjectId);
        long changed = 0;
        List<UUID> cleanedIds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(UPDATE_SQL)) {
            for (Map.Entry<UUID, Survivor> e : survivors.entrySet()) {
                Survivor s = e.getValue();
                SurvivorCleanupPolicy.Values cleaned = SurvivorCleanupPolicy.clean(s.values(), s.text(), s.erased(),
                        s.kept());
                if (!cleaned.equals(s.values())) {
                    ps.setArray(1, c.createArrayOf("text", cleaned.keywords().toArray()));
                    ps.setArray(2, c.createArrayOf("text", cleaned.entities().toArray()));
                    ps.setString(3, JdbcColumns.json(json, cleaned.metadata()));
                    dev.engram.platform.JdbcColumns.setInstant(ps, 4, now);
                    ps.setString(5, tenantId);
                    ps.setObject(6, e.getKey());
                    ps.addBatch();
                    cleanedIds.add(e.getKey());
                    changed++;
                }
            }
            if (changed > 0) {
                ps.executeBatch();
            }
        }
        if (!cleanedIds.isEmpty()) {
            // a survivor's earlier versions (memory_revision) may still hold what the subject's memories brought in
            try (PreparedStatement ps = c.prepareStatement(REVISIONS_SQL)) {
                ps.setString(1, tenantId);
                ps.setArray(2, c.createArrayOf("uuid", cleanedIds.toArray()));
                ps.executeUpdate();
            }
        }
        return changed;
    }

    private Map<UUID, Survivor> survivors(Connection c, String tenantId, String column, String subjectId)
            throws SQLException {
        Map<UUID, Survivor> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(MEMBERS_SQL.formatted(column))) {
            ps.setString(1, subjectId);
            ps.setString(2, tenantId);
            ps.setString(3, subjectId);
            ps.setString(4, tenantId);
            ps.setString(5, subjectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Survivor s = out.computeIfAbsent(rs.getObject(1, UUID.class), id -> new Survivor(
                            values(rs, 3), text(rs), new ArrayList<>(), new ArrayList<>()));
                    (rs.getBoolean(9) ? s.erased() : s.kept()).add(values(rs, 6));
                }
            }
        }
        return out;
    }

    private static String text(ResultSet rs) {
        try {
            return rs.getString(2);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keywords, entities and metadata from three columns starting at {@code first}. */
    private SurvivorCleanupPolicy.Values values(ResultSet rs, int first) {
        try {
            return new SurvivorCleanupPolicy.Values(JdbcColumns.texts(rs.getArray(first)),
                    JdbcColumns.texts(rs.getArray(first + 1)), JdbcColumns.map(json, rs.getString(first + 2)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
