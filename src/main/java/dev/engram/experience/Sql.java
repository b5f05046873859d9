package dev.engram.experience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Plain JDBC on the Agroal data source (inside a JTA transaction it uses the transaction's connection): experiences
 * need {@code text[]} parameters and results, {@code vector} casts and upserts with {@code RETURNING}. Every value is
 * a bound parameter.
 */
final class Sql {

    private Sql() {
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static <T> List<T> query(Connection c, String sql, List<?> params, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        }
    }

    static int update(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(Connection c, PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            int index = i + 1;
            if (value == null) {
                ps.setNull(index, Types.OTHER);
            } else if (value instanceof String[] array) {
                ps.setArray(index, c.createArrayOf("text", array));
            } else if (value instanceof UUID[] ids) {
                ps.setArray(index, c.createArrayOf("uuid", ids));
            } else if (value instanceof Instant instant) {
                dev.engram.platform.JdbcColumns.setInstant(ps, index, instant);
            } else {
                ps.setObject(index, value);
            }
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return dev.engram.platform.JdbcColumns.instant(rs, rs.findColumn(column));
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? null : List.of((String[]) array.getArray());
    }

    static double rate(long successes, long attempts) {
        return IssuePatternPolicy.successRate(successes, attempts);
    }
}
