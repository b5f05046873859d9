package dev.engram.tenant;

import dev.engram.tenant.api.ApiKeyResponse;
import dev.engram.tenant.api.TenantResponse;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Tenants and API keys (plain JDBC: the key lookup is on every request's path and needs nothing else). */
@ApplicationScoped
class TenantRepository {

    /** A stored key as the authenticator needs it. */
    record StoredKey(UUID id, String tenantId, byte[] secretHash, Set<Scope> scopes, Instant expiresAt,
                     boolean usable) {
    }

    private static final String KEY_COLUMNS = "k.id, k.tenant_id, k.name, k.scopes, k.created_at, k.expires_at, "
            + "k.revoked_at, k.last_used_at";

    private final AgroalDataSource db;

    TenantRepository(AgroalDataSource db) {
        this.db = db;
    }

    Optional<StoredKey> findKey(UUID id) {
        String sql = "select k.id, k.tenant_id, k.secret_hash, k.scopes, k.expires_at, "
                + "(k.revoked_at is null and t.active) as usable from api_key k join tenant t on t.id = k.tenant_id "
                + "where k.id = ?";
        return query(sql, ps -> ps.setObject(1, id), rs -> new StoredKey(rs.getObject(1, UUID.class), rs.getString(2),
                rs.getBytes(3), scopes(rs.getArray(4)), dev.engram.platform.JdbcColumns.instant(rs, 5), rs.getBoolean(6)))
                .stream().findFirst();
    }

    boolean insertTenant(String id, String name) {
        return update("insert into tenant (id, name) values (?, ?) on conflict (id) do nothing", ps -> {
            ps.setString(1, id);
            ps.setString(2, name);
        }) == 1;
    }

    Optional<TenantResponse> findTenant(String id) {
        return query("select id, name, active, created_at from tenant where id = ?", ps -> ps.setString(1, id),
                TenantRepository::tenant).stream().findFirst();
    }

    List<TenantResponse> listTenants(String after, int limit) {
        return query("select id, name, active, created_at from tenant where id > ? order by id limit ?", ps -> {
            ps.setString(1, after == null ? "" : after);
            ps.setInt(2, limit);
        }, TenantRepository::tenant);
    }

    boolean setTenantActive(String id, boolean active) {
        return update("update tenant set active = ?, updated_at = now() where id = ?", ps -> {
            ps.setBoolean(1, active);
            ps.setString(2, id);
        }) == 1;
    }

    void insertKey(UUID id, String tenantId, String name, byte[] hash, Set<Scope> scopes, Instant expiresAt) {
        update("insert into api_key (id, tenant_id, name, secret_hash, scopes, expires_at) values (?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setObject(1, id);
                    ps.setString(2, tenantId);
                    ps.setString(3, name);
                    ps.setBytes(4, hash);
                    ps.setArray(5, ps.getConnection().createArrayOf("text",
                            scopes.stream().map(Scope::json).toArray(String[]::new)));
                    dev.engram.platform.JdbcColumns.setInstant(ps, 6, expiresAt);
                });
    }

    List<ApiKeyResponse> listKeys(String tenantId) {
        return query("select " + KEY_COLUMNS + " from api_key k where k.tenant_id = ? order by k.created_at, k.id",
                ps -> ps.setString(1, tenantId), TenantRepository::key);
    }

    Optional<ApiKeyResponse> findKeyOf(String tenantId, UUID id) {
        return query("select " + KEY_COLUMNS + " from api_key k where k.tenant_id = ? and k.id = ?", ps -> {
            ps.setString(1, tenantId);
            ps.setObject(2, id);
        }, TenantRepository::key).stream().findFirst();
    }

    /** Revokes the key; false when the tenant has no such key. Revoking twice keeps the first time. */
    boolean revokeKey(String tenantId, UUID id) {
        return update("update api_key set revoked_at = coalesce(revoked_at, now()) where tenant_id = ? and id = ?",
                ps -> {
                    ps.setString(1, tenantId);
                    ps.setObject(2, id);
                }) == 1;
    }

    List<UUID> keyIdsOf(String tenantId) {
        return query("select id from api_key where tenant_id = ?", ps -> ps.setString(1, tenantId),
                rs -> rs.getObject(1, UUID.class));
    }

    void touchKeys(Collection<UUID> ids, Instant at) {
        update("update api_key set last_used_at = greatest(coalesce(last_used_at, ?), ?) where id = any(?)", ps -> {
            dev.engram.platform.JdbcColumns.setInstant(ps, 1, at);
            dev.engram.platform.JdbcColumns.setInstant(ps, 2, at);
            ps.setArray(3, ps.getConnection().createArrayOf("uuid", ids.toArray()));
        });
    }

    private static TenantResponse tenant(ResultSet rs) throws SQLException {
        return new TenantResponse(rs.getString(1), rs.getString(2), rs.getBoolean(3), dev.engram.platform.JdbcColumns.instant(rs, 4));
    }

    private static ApiKeyResponse key(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        return new ApiKeyResponse(id, rs.getString(2), rs.getString(3), ApiKeys.redact(id),
                scopes(rs.getArray(4)).stream().sorted().toList(), dev.engram.platform.JdbcColumns.instant(rs, 5),
                dev.engram.platform.JdbcColumns.instant(rs, 6), dev.engram.platform.JdbcColumns.instant(rs, 7), dev.engram.platform.JdbcColumns.instant(rs, 8), null);
    }

    private static Set<Scope> scopes(Array array) throws SQLException {
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        for (Object s : (Object[]) array.getArray()) {
            out.add(Scope.of((String) s));
        }
        return out;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
