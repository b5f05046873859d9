package dev.engram.memorytype;

import dev.engram.testing.TestServices;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V16: a memory type stored with a retention over 1000 years (accepted before RetentionPeriod was bounded) is cut to
 * 1000 years on upgrade, shorter ones stay, and the table refuses longer ones from then on.
 */
class RetentionUpgradeTest {

    private static final long MAX = 31_557_600_000L;

    @Test
    void shouldCapStoredRetentionAndRefuseLongerOnes() throws Exception {
        String db = TestServices.newDatabase("engram_retention");
        flyway(db, "15").migrate();
        try (Connection c = connect(db)) {
            insert(c, "huge", 99_999_999_999L * 86_400);
            insert(c, "week", 7 * 86_400L);
        }

        flyway(db, "latest").migrate();

        try (Connection c = connect(db)) {
            assertThat(seconds(c, "huge")).isEqualTo(MAX);
            assertThat(seconds(c, "week")).isEqualTo(7 * 86_400L);
            assertThatThrownBy(() -> execute(c, "update memory_type set retention_seconds = " + (MAX + 1)
                    + " where code = 'week'")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("memory_type_retention_at_most_1000_years");
            // the health check's statement at the cap stays in range
            execute(c, "select now() - make_interval(secs => least(retention_seconds, " + MAX + ")) from memory_type");
        }
    }

    private static Flyway flyway(String db, String target) {
        return Flyway.configure().dataSource(db, TestServices.appUser(), TestServices.appPassword())
                .locations("classpath:db/migration").placeholders(Map.of("embedding_dimension", "384"))
                .target(target).load();
    }

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(db, TestServices.appUser(), TestServices.appPassword());
    }

    private static void insert(Connection c, String code, long seconds) throws SQLException {
        execute(c, "insert into memory_type (tenant_id, code, name, retention_seconds, created_at, updated_at)"
                + " values ('acme', '" + code + "', '" + code + "', " + seconds + ", now(), now())");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private static long seconds(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select retention_seconds from memory_type where code = '"
                + code + "'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
