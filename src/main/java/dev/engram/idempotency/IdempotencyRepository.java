package dev.engram.idempotency;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency keys in PostgreSQL (plain JDBC, auto-commit: each statement is its own transaction and none of them
 * may wait for the request). A key is claimed with one atomic upsert, so concurrent duplicates cannot both win.
 */
@ApplicationScoped
class IdempotencyRepository {

    /** A stored first answer. */
    record StoredResponse(int status, String contentType, String location, String etag, byte[] body) {
    }

    /** The outcome of claiming a key. */
    sealed interface Claim {
        /** This request holds the key and runs; {@code owner} identifies the claim when it completes. */
        record Claimed(UUID owner) implements Claim { }

        /** A request with the same key and the same request completed before: replay its answer. */
        record Replay(StoredResponse response) implements Claim { }

        /** A request with the same key is still running. */
        record InProgress() implements Claim { }

        /** The key was used for a different request (method, path or body). */
        record Mismatch() implements Claim { }
    }

    private static final String CLAIM = """
            insert into idempotency_key (scope, idem_key, request_hash, owner, state, created_at, expires_at)
            values (?, ?, ?, ?, 'in_progress', ?, ?)
            on conflict (scope, idem_key) do update set request_hash = excluded.request_hash, owner = excluded.owner,
                state = 'in_progress', status = null, content_type = null, location = null, etag = null, body = null,
                created_at = excluded.created_at, expires_at = excluded.expires_at
            where idempotency_key.expires_at <= excluded.created_at
            returning owner""";

    private final AgroalDataSource db;

    IdempotencyRepository(AgroalDataSource db) {
        this.db = db;
    }

    /** Claims the key for this request, or tells why not. An expired row (answer or stale claim) is taken over. */
    Claim claim(String scope, String key, byte[] requestHash, Instant now, Instant claimExpiresAt) {
        UUID owner = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (insert(c, scope, key, requestHash, owner, now, claimExpiresAt)) {
                    return new Claim.Claimed(owner);
                }
                Optional<Claim> existing = existing(c, scope, key, requestHash);
                if (existing.isPresent()) {
                    return existing.get();
                }
                // released (5xx) between the two statements: claim again
            }
            return new Claim.InProgress();
        } catch (SQLException e) {
            throw new IllegalStateException("Idempotency key not claimed: " + e.getMessage(), e);
        }
    }

    private static boolean insert(Connection c, String scope, String key, byte[] hash, UUID owner, Instant now,
                                  Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.setBytes(3, hash);
            ps.setObject(4, owner);
            dev.engram.platform.JdbcColumns.setInstant(ps, 5, now);
            dev.engram.platform.JdbcColumns.setInstant(ps, 6, expiresAt);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<Claim> existing(Connection c, String scope, String key, byte[] hash) throws SQLException {
        String sql = "select request_hash, state, status, content_type, location, etag, body from idempotency_key "
                + "where scope = ? and idem_key = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!Arrays.equals(rs.getBytes(1), hash)) {
                    return Optional.of(new Claim.Mismatch());
                }
                if (!"done".equals(rs.getString(2))) {
                    return Optional.of(new Claim.InProgress());
                }
                return Optional.of(new Claim.Replay(new StoredResponse(rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getBytes(7))));
            }
        }
    }

    /** Stores the answer of a claim this request still holds; kept until {@code expiresAt}. */
    void complete(String scope, String key, UUID owner, StoredResponse response, Instant expiresAt) {
        String sql = "update idempotency_key set state = 'done', status = ?, content_type = ?, location = ?, "
                + "etag = ?, body = ?, expires_at = ? where scope = ? and idem_key = ? and owner = ?";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, response.status());
            ps.setString(2, response.contentType());
            ps.setString(3, response.location());
            ps.setString(4, response.etag());
            ps.setBytes(5, response.body());
            dev.engram.platform.JdbcColumns.setInstant(ps, 6, expiresAt);
            ps.setString(7, scope);
            ps.setString(8, key);
            ps.setObject(9, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Idempotent answer not stored: " + e.getMessage(), e);
        }
    }

    /** Gives the key up (the request failed with a 5xx): the next retry runs again. */
    void release(String scope, String key, UUID owner) {
        String sql = "delete from idempotency_key where scope = ? and idem_key = ? and owner = ?";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.setObject(3, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Idempotency key not released: " + e.getMessage(), e);
        }
    }

    /** Deletes up to {@code limit} expired keys; returns how many. */
    int deleteExpired(Instant now, int limit) {
        String sql = "delete from idempotency_key where ctid = any(array(select ctid from idempotency_key "
                + "where expires_at <= ? limit ?))";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            dev.engram.platform.JdbcColumns.setInstant(ps, 1, now);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Expired idempotency keys not deleted: " + e.getMessage(), e);
        }
    }
}
