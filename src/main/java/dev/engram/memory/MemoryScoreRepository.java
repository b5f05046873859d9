package dev.engram.memory;

import dev.engram.memory.api.Scores;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Importance and confidence of existing memories, read under a row lock and written in one statement. */
@ApplicationScoped
class MemoryScoreRepository {

    private final AgroalDataSource dataSource;

    MemoryScoreRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The tenant's memories among {@code ids} with their scores, locked until the transaction ends. */
    Map<UUID, Scores> lock(String tenantId, Collection<UUID> ids) throws SQLException {
        Map<UUID, Scores> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, importance, confidence from memory where tenant_id = ? and id = any(?) order by id for update")) {
            ps.setString(1, tenantId);
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), new Scores(decimal(rs.getFloat(2)), decimal(rs.getFloat(3))));
                }
            }
        }
        return out;
    }

    /** Writes new scores (one statement), bumping each memory's version so a stale If-Match gets 412. */
    void write(String tenantId, Map<UUID, Scores> scores, Instant now) throws SQLException {
        UUID[] ids = scores.keySet().toArray(UUID[]::new);
        Float[] importance = new Float[ids.length];
        Float[] confidence = new Float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            importance[i] = (float) scores.get(ids[i]).importance();
            confidence[i] = (float) scores.get(ids[i]).confidence();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update memory m set importance = u.importance, confidence = u.confidence, updated_at = ?,"
                        + " version = m.version + 1 from unnest(?::uuid[], ?::real[], ?::real[]) as u(id, importance, confidence)"
                        + " where m.tenant_id = ? and m.id = u.id")) {
            dev.engram.platform.JdbcColumns.setInstant(ps, 1, now);
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("float4", importance));
            ps.setArray(4, c.createArrayOf("float4", confidence));
            ps.setString(5, tenantId);
            ps.executeUpdate();
        }
    }

    /** float columns as the shortest decimal (0.7, not 0.699999988079071). */
    private static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
