package dev.engram.transfer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statements of an import, all on the one connection the import holds (its transactions are the caller's): which
 * keys exist (in this tenant or another), which referenced rows exist in this tenant, and one INSERT per batch that
 * reads the batch as a JSON array ({@code jsonb_populate_recordset} over the table's row type, so every value is
 * converted by PostgreSQL's own input functions) and returns the keys it inserted. Every value is bound; table and
 * column names come from {@link Kind}.
 */
@ApplicationScoped
class ImportRepository {

    private final AgroalDataSource dataSource;

    ImportRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Connection open() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    /** Which of {@code keys} exist: key → true when in this tenant, false when in another one. */
    Map<String, Boolean> existing(Connection c, Kind kind, String tenantId, Collection<String> keys) throws SQLException {
        Map<String, Boolean> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        String sql = kind == Kind.MEMORY_TYPE
                ? "select code, true from memory_type where tenant_id = ? and code = any(?)"
                : "select id::text, tenant_id = ? from " + kind.table() + " where id = any(?::uuid[])";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        return out;
    }

    /** Which of {@code ids} are rows of {@code table} in this tenant. */
    Set<String> inTenant(Connection c, String table, String tenantId, Collection<String> ids) throws SQLException {
        return strings(c, "select id::text from " + table + " where tenant_id = ? and id = any(?::uuid[])", tenantId, ids);
    }

    /** Which of {@code codes} are memory types the tenant can use (its own or built-in). */
    Set<String> knownTypes(Connection c, String tenantId, Collection<String> codes) throws SQLException {
        return strings(c, "select code from memory_type where tenant_id in (?, '_system') and code = any(?)", tenantId,
                codes);
    }

    /**
     * Which of {@code ids} are rows of {@code table} in this tenant, each locked {@code FOR KEY SHARE} until the
     * caller's transaction ends: a concurrent delete waits for it, so what the insert that follows refers to stays.
     */
    Set<String> lockInTenant(Connection c, String table, String tenantId, Collection<String> ids) throws SQLException {
        return strings(c, "select id::text from " + table + " where tenant_id = ? and id = any(?::uuid[])"
                + " order by id for key share", tenantId, ids);
    }

    /** {@link #knownTypes}, each type row locked {@code FOR KEY SHARE} until the caller's transaction ends. */
    Set<String> lockTypes(Connection c, String tenantId, Collection<String> codes) throws SQLException {
        return strings(c, "select code from memory_type where tenant_id in (?, '_system') and code = any(?)"
                + " order by tenant_id, code for key share", tenantId, codes);
    }

    /** Inserts the rows (skipping any that conflict with an existing key or unique edge); returns the inserted keys. */
    Set<String> insert(Connection c, Kind kind, String tenantId, ArrayNode rows) throws SQLException {
        List<Column> columns = kind.storedColumns();
        String names = columns.stream().map(Column::column).collect(Collectors.joining(", "));
        String sql = "insert into " + kind.table() + " (tenant_id, " + names + ") select ?, " + names
                + " from jsonb_populate_recordset(null::" + kind.table() + ", ?::jsonb) on conflict do nothing returning "
                + (kind == Kind.MEMORY_TYPE ? "code" : "id::text");
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setString(2, rows.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        return inserted;
    }

    /**
     * Earlier versions ({id, owner_id, version, time, snapshot} objects) of newly imported records: knowledge versions,
     * memory revisions. A version id already stored (any tenant's: the file's records were given new ids) gets a new
     * id rather than being dropped; any other conflict fails the statement, and the batch falls back to
     * record-by-record rejections.
     */
    void insertHistory(Connection c, String tenantId, History h, ArrayNode rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + h.table() + " (id, " + h.ownerColumn()
                + ", tenant_id, version, snapshot, " + h.timeColumn() + ") select case when exists (select 1 from "
                + h.table() + " k where k.id = v.id) then gen_random_uuid() else v.id end, owner_id, ?, version,"
                + " snapshot, " + h.timeColumn() + " from jsonb_to_recordset(?::jsonb) as v(id uuid, owner_id uuid,"
                + " version bigint, snapshot jsonb, " + h.timeColumn() + " timestamptz)")) {
            ps.setString(1, tenantId);
            ps.setString(2, rows.toString());
            ps.executeUpdate();
        }
    }

    /** The access statistics of newly imported memories ({id, access_count, last_accessed} objects). */
    void insertAccess(Connection c, ArrayNode rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into memory_access (memory_id, access_count,"
                + " last_accessed) select id, access_count, last_accessed from jsonb_to_recordset(?::jsonb)"
                + " as a(id uuid, access_count integer, last_accessed timestamptz)"
                + " where access_count <> 0 or last_accessed is not null on conflict do nothing")) {
            ps.setString(1, rows.toString());
            ps.executeUpdate();
        }
    }

    private static Set<String> strings(Connection c, String sql, String tenantId, Collection<String> values)
            throws SQLException {
        Set<String> out = new HashSet<>();
        if (values.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setArray(2, c.createArrayOf("text", values.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
