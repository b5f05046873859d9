package dev.engram.insight;

import dev.engram.insight.api.StatsResponse;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Aggregate queries over one tenant's memories (each a single statement; nothing per row). */
@ApplicationScoped
class StatsRepository {

    /** Tables whose tenant rows and sizes the storage section reports. */
    static final List<String> TABLES = List.of("memory", "context", "memory_archive", "maintenance_run");

    private final AgroalDataSource dataSource;

    StatsRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    record Totals(long total, long permanent, long expired, Double avgImportance, Double avgConfidence, long accesses,
                  long users, long agents, long contexts, Instant oldest, Instant newest, long bytes) {
    }

    Totals totals(String tenantId, Instant now) {
        String sql = "select count(*), count(*) filter (where permanent), "
                + "count(*) filter (where expires_at <= ? and not permanent), avg(importance), avg(confidence), "
                + "coalesce(sum((select a.access_count from memory_access a where a.memory_id = m.id)), 0), "
                + "count(distinct user_id), count(distinct agent_id), "
                + "count(distinct context_id), min(created_at), max(created_at), coalesce(sum(pg_column_size(m.*)), 0) "
                + "from memory m where tenant_id = ?";
        return one(sql, List.of(dev.engram.platform.JdbcColumns.timestamptz(now), tenantId), rs -> new Totals(rs.getLong(1), rs.getLong(2),
                rs.getLong(3), (Double) rs.getObject(4, Double.class), (Double) rs.getObject(5, Double.class),
                rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), dev.engram.platform.JdbcColumns.instant(rs, 10),
                dev.engram.platform.JdbcColumns.instant(rs, 11), rs.getLong(12)));
    }

    List<StatsResponse.TypeCount> byType(String tenantId) {
        return list("select type_code, count(*), avg(importance) from memory where tenant_id = ? "
                        + "group by type_code order by count(*) desc, type_code", List.of(tenantId),
                rs -> new StatsResponse.TypeCount(rs.getString(1), rs.getLong(2), rs.getDouble(3)));
    }

    List<StatsResponse.UserCount> byUser(String tenantId, int limit) {
        return list("select user_id, count(*) from memory where tenant_id = ? group by user_id "
                        + "order by count(*) desc, user_id nulls last limit ?", List.of(tenantId, limit),
                rs -> new StatsResponse.UserCount(rs.getString(1), rs.getLong(2)));
    }

    List<StatsResponse.AgentCount> byAgent(String tenantId, int limit) {
        return list("select agent_id, count(*) from memory where tenant_id = ? group by agent_id "
                        + "order by count(*) desc, agent_id nulls last limit ?", List.of(tenantId, limit),
                rs -> new StatsResponse.AgentCount(rs.getString(1), rs.getLong(2)));
    }

    List<StatsResponse.ContextCount> byContext(String tenantId, int limit) {
        return list("select m.context_id, c.name, count(*) from memory m left join context c on c.id = m.context_id "
                        + "and c.tenant_id = m.tenant_id where m.tenant_id = ? group by m.context_id, c.name "
                        + "order by count(*) desc, m.context_id nulls last limit ?", List.of(tenantId, limit),
                rs -> new StatsResponse.ContextCount(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)));
    }

    /** Memories created per UTC day since {@code from} (only days with memories). */
    Map<LocalDate, Long> createdPerDay(String tenantId, Instant from) {
        Map<LocalDate, Long> out = new LinkedHashMap<>();
        for (Object[] row : list("select (created_at at time zone 'UTC')::date, count(*) from memory "
                        + "where tenant_id = ? and created_at >= ? group by 1", List.of(tenantId, dev.engram.platform.JdbcColumns.timestamptz(from)),
                rs -> new Object[] {rs.getObject(1, LocalDate.class), rs.getLong(2)})) {
            out.put((LocalDate) row[0], (Long) row[1]);
        }
        return out;
    }

    /** The tenant's rows in each table of {@link #TABLES} that exists, in one statement. */
    Map<String, Long> tenantRows(String tenantId) {
        String sql = "select (select count(*) from memory where tenant_id = ?), "
                + "(select count(*) from context where tenant_id = ?), "
                + "(select count(*) from memory_archive where tenant_id = ?), "
                + "(select count(*) from maintenance_run where tenant_id = ?)";
        return one(sql, List.of(tenantId, tenantId, tenantId, tenantId), rs -> {
            Map<String, Long> m = new LinkedHashMap<>();
            for (int i = 0; i < TABLES.size(); i++) {
                m.put(TABLES.get(i), rs.getLong(i + 1));
            }
            return m;
        });
    }

    List<StatsResponse.TableSize> tableSizes() {
        return list("select t, pg_total_relation_size(to_regclass(t)) from unnest(?::text[]) as t "
                        + "where to_regclass(t) is not null", List.<Object>of((Object) TABLES.toArray(String[]::new)),
                rs -> new StatsResponse.TableSize(rs.getString(1), rs.getLong(2)));
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    <T> T one(String sql, List<Object> binds, RowMapper<T> mapper) {
        List<T> rows = list(sql, binds, mapper);
        return rows.get(0);
    }

    <T> List<T> list(String sql, List<Object> binds, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                Object b = binds.get(i);
                if (b instanceof String[] array) {
                    ps.setArray(i + 1, c.createArrayOf("text", array));
                } else {
                    ps.setObject(i + 1, b);
                }
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Statistics query failed: " + e.getMessage(), e);
        }
    }
}
