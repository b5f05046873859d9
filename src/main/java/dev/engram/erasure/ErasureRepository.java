package dev.engram.erasure;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL part of an erasure: every table that holds a user's or an agent's data, in one place so that one
 * list can be checked against the schema ({@code ErasureTest} fails for a table with a user/agent column that this
 * class does not know). Runs inside the caller's transaction; every statement is scoped by the tenant. The owner
 * column comes from {@link Subject}, never from a client; the owner id is always a bound parameter.
 */
@ApplicationScoped
class ErasureRepository {

    enum Subject {
        USER("user", "user_id", "userId"),
        AGENT("agent", "agent_id", "agentId");

        private final String json;
        private final String column;
        private final String field;

        Subject(String json, String column, String field) {
            this.json = json;
            this.column = column;
            this.field = field;
        }

        String json() {
            return json;
        }
    }

    private final AgroalDataSource dataSource;
    private final SurvivorCleanupRepository survivors;

    ErasureRepository(AgroalDataSource dataSource, SurvivorCleanupRepository survivors) {
        this.dataSource = dataSource;
        this.survivors = survivors;
    }

    /**
     * What an erasure did: the number of rows per kind, and the issue signatures of the deleted experiences
     * (whose patterns must be recomputed).
     */
    record Erased(Map<String, Long> counts, Set<String> experienceSignatures) {
    }

    /**
     * Deletes the subject's rows of the tenant from every table. Other owners' memories that consolidation merged the
     * subject's memories into first lose what only those account for ({@code survivorsCleaned}, changed at
     * {@code now}).
     */
    Erased erase(String tenantId, Subject s, String id, Instant now) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        Set<String> signatures = new LinkedHashSet<>();
        String owned = "select id from memory where tenant_id = ? and " + s.column + " = ?";
        try (Connection c = dataSource.getConnection()) {
            counts.put("survivorsCleaned", survivors.clean(c, tenantId, s.column, id, now));
            // Another owner's memory merged into one of the subject's would go with it (on delete cascade): it
            // becomes a live memory again instead. Consolidation now merges only memories of the same user and
            // agent; this covers merges made before that (across the agents of one user).
            counts.put("restoredMemories", update(c, "update memory set superseded_by = null, superseded_at = null"
                    + " where tenant_id = ? and superseded_by in (" + owned + ") and " + s.column
                    + " is distinct from ?", tenantId, tenantId, id, id));
            counts.put("associations", update(c, "delete from association where tenant_id = ? and (source_id in ("
                    + owned + ") or target_id in (" + owned + "))", tenantId, tenantId, id, tenantId, id));
            counts.put("memories", update(c, "delete from memory where tenant_id = ? and " + s.column + " = ?",
                    tenantId, id));
            counts.put("archivedMemories", update(c, "delete from memory_archive where tenant_id = ? and memory ->> '"
                    + s.column + "' = ?", tenantId, id));
            counts.put("contexts", update(c, "delete from context where tenant_id = ? and " + s.column + " = ?",
                    tenantId, id));
            counts.put("patterns", update(c, "delete from learning_pattern where tenant_id = ? and " + s.column + " = ?",
                    tenantId, id));
            counts.put("experiences", s == Subject.AGENT ? eraseExperiences(c, tenantId, id, signatures) : 0L);
            counts.put("idempotencyRecords", eraseIdempotentAnswers(c, tenantId, s, id));
        }
        return new Erased(counts, signatures);
    }

    /**
     * An agent's experiences are those it acted in ({@code actor}); the signatures they had go to {@code signatures}
     * (their issue patterns are recomputed by the caller, in the same transaction).
     */
    private long eraseExperiences(Connection c, String tenantId, String agentId, Set<String> signatures)
            throws SQLException {
        long deleted = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "delete from experience where tenant_id = ? and actor = ? returning signature")) {
            ps.setString(1, tenantId);
            ps.setString(2, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deleted++;
                    signatures.add(rs.getString(1));
                }
            }
        }
        return deleted;
    }

    /**
     * Stored answers of idempotent POSTs (replayed to retries) that name the subject anywhere in their JSON, e.g. a
     * stored memory or a batch of them; experiences name an agent as {@code actor}.
     */
    private long eraseIdempotentAnswers(Connection c, String tenantId, Subject s, String id) throws SQLException {
        String path = s == Subject.AGENT ? "$.** ? (@.agentId == $v || @.actor == $v)" : "$.** ? (@." + s.field
                + " == $v)";
        // Answers are JSON written by the application (the content type is not always recorded): objects or arrays.
        return update(c, "delete from idempotency_key where scope = ? and body is not null"
                + " and case when convert_from(body, 'UTF8') ~ '^\\s*[\\[{]' then jsonb_path_exists("
                + "convert_from(body, 'UTF8')::jsonb, cast(? as jsonpath), jsonb_build_object('v', ?::text))"
                + " else false end", tenantId, path, id);
    }

    private static long update(Connection c, String sql, Object... binds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            return ps.executeUpdate();
        }
    }
}
