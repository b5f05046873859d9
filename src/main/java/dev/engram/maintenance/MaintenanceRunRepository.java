package dev.engram.maintenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.maintenance.api.ConsolidationGroup;
import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.platform.PageCursor;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The maintenance-run audit table; every statement is scoped by the tenant. */
@ApplicationScoped
class MaintenanceRunRepository {

    private static final String COLUMNS = "id, run_type, description, parameters::text, details::text, processed, "
            + "deleted, archived, updated, space_freed_bytes, started_at, completed_at, duration_ms, executed_by, "
            + "success, error, groups::text";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    MaintenanceRunRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    void insert(String tenantId, MaintenanceRunResponse r) {
        String sql = "insert into maintenance_run (id, tenant_id, run_type, description, parameters, details, "
                + "processed, deleted, archived, updated, space_freed_bytes, started_at, completed_at, duration_ms, "
                + "executed_by, success, error, groups) values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, r.id());
            ps.setString(2, tenantId);
            ps.setString(3, r.type());
            ps.setString(4, r.description());
            ps.setString(5, write(r.parameters()));
            ps.setString(6, write(r.details()));
            ps.setLong(7, r.processed());
            ps.setLong(8, r.deleted());
            ps.setLong(9, r.archived());
            ps.setLong(10, r.updated());
            ps.setLong(11, r.spaceFreedBytes());
            dev.engram.platform.JdbcColumns.setInstant(ps, 12, r.startedAt());
            dev.engram.platform.JdbcColumns.setInstant(ps, 13, r.completedAt());
            ps.setLong(14, r.durationMillis());
            ps.setString(15, r.executedBy());
            ps.setBoolean(16, r.success());
            ps.setString(17, r.error());
            ps.setString(18, r.groups() == null ? null : write(r.groups()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the maintenance run: " + e.getMessage(), e);
        }
    }

    Optional<MaintenanceRunResponse> find(String tenantId, UUID id) {
        List<MaintenanceRunResponse> rows = query("select " + COLUMNS + " from maintenance_run where tenant_id = ? "
                + "and id = ?", List.of(tenantId, id));
        return rows.stream().findFirst();
    }

    /** Newest first by (started_at, id), after the cursor when given; {@code type} filters when not null. */
    List<MaintenanceRunResponse> page(String tenantId, String type, PageCursor after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from maintenance_run where tenant_id = ?");
        List<Object> binds = new ArrayList<>(List.of(tenantId));
        if (type != null) {
            sql.append(" and run_type = ?");
            binds.add(type);
        }
        if (after != null) {
            sql.append(" and (started_at, id) < (?, ?)");
            binds.add(dev.engram.platform.JdbcColumns.timestamptz(after.createdAt()));
            binds.add(after.id());
        }
        sql.append(" order by started_at desc, id desc limit ?");
        binds.add(limit);
        return query(sql.toString(), binds);
    }

    private List<MaintenanceRunResponse> query(String sql, List<Object> binds) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                ps.setObject(i + 1, binds.get(i));
            }
            List<MaintenanceRunResponse> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read maintenance runs: " + e.getMessage(), e);
        }
    }

    private MaintenanceRunResponse map(ResultSet rs) throws SQLException {
        return new MaintenanceRunResponse(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                read(rs.getString(4), new TypeReference<Map<String, Object>>() { }),
                read(rs.getString(5), new TypeReference<Map<String, Long>>() { }),
                rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                dev.engram.platform.JdbcColumns.instant(rs, 11), dev.engram.platform.JdbcColumns.instant(rs, 12), rs.getLong(13), rs.getString(14),
                rs.getBoolean(15), rs.getString(16),
                rs.getString(17) == null ? null : read(rs.getString(17), new TypeReference<List<ConsolidationGroup>>() { }));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value == null ? Map.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored maintenance run is not valid JSON", e);
        }
    }
}
