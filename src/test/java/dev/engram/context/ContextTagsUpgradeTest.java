package dev.engram.context;

import dev.engram.testing.TestServices;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V15: a context that a PATCH with {@code "tags": [null]} left with null tags (before UpdateContextRequest refused
 * them) loses the nulls on upgrade, keeps its other tags, and the table refuses null tags from then on.
 */
class ContextTagsUpgradeTest {

    @Test
    void shouldRemoveNullTagsAndRefuseNewOnes() throws Exception {
        String db = TestServices.newDatabase("engram_ctx_tags");
        flyway(db, "14").migrate();
        UUID broken = UUID.randomUUID();
        UUID clean = UUID.randomUUID();
        try (Connection c = connect(db)) {
            insert(c, broken, "array['a', null, 'b', null]::text[]");
            insert(c, clean, "array['x']::text[]");
        }

        flyway(db, "latest").migrate();

        try (Connection c = connect(db)) {
            assertThat(text(c, "select array_to_string(tags, ',', '<null>') from context where id = '" + broken + "'"))
                    .isEqualTo("a,b");
            assertThat(text(c, "select array_to_string(tags, ',', '<null>') from context where id = '" + clean + "'"))
                    .isEqualTo("x");
            assertThatThrownBy(() -> execute(c, "update context set tags = array[null]::text[] where id = '"
                    + clean + "'")).isInstanceOf(SQLException.class).hasMessageContaining("context_tags_no_nulls");
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

    private static void insert(Connection c, UUID id, String tags) throws SQLException {
        execute(c, "insert into context (id, tenant_id, context_type, name, tags, started_at, created_at, updated_at)"
                + " values ('" + id + "', 'acme', 'conversation', 'c', " + tags + ", now(), now(), now())");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
