package dev.engram.maintenance;

import dev.engram.memory.MemoryWriteService;
import dev.engram.memory.api.CreateMemoryRequest;
import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** Stores memories of a test's own tenant through the real write path and reads rows back with plain SQL. */
record LifecycleFixture(MemoryWriteService writes, AgroalDataSource db, String tenant) {

    UUID store(String type, String content, double importance, boolean permanent, Instant expiresAt) {
        return writes.create(tenant, new CreateMemoryRequest(type, content, null, null, null, null, null, importance,
                null, null, null, null, null, null, expiresAt, permanent, null, null, "lifecycle-test")).id();
    }

    UUID store(String type, String content, double importance) {
        return store(type, content, importance, false, null);
    }

    boolean exists(UUID id) {
        return query("select count(*) from memory where id = ?", id) > 0;
    }

    long query(String sql, Object... binds) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void update(String sql, Object... binds) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** importance, created_at, last_accessed, importance_decayed_at of a memory. */
    record Row(double importance, Instant createdAt, Instant lastAccessed, Instant decayedAt) {
    }

    Row row(UUID id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select importance, created_at, a.last_accessed, importance_decayed_at from memory m"
                        + " left join memory_access a on a.memory_id = m.id where m.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Row(rs.getFloat(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
