package dev.engram.platform;

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
import static org.assertj.core.api.Assertions.within;

/**
 * An existing database (schema version 11: float4 vectors, access counts on the memory row) upgraded to the current
 * schema keeps everything it held: the vectors (to half precision), the HNSW search over them, and every memory's
 * access count and last access, now in memory_access; and its HNSW indexes link new vectors with ef_construction 128.
 */
class StorageUpgradeTest {

    private static final String ONES = "(select array_agg(case when i % 3 = 0 then 0.5 else -0.25 end)::vector"
            + " from generate_series(1, 384) i)";
    private static final String OTHER = "(select array_agg(case when i % 2 = 0 then 0.1 else 0.3 end)::vector"
            + " from generate_series(1, 384) i)";

    @Test
    void shouldKeepVectorsAndAccessCountsWhenUpgradingFromVersion11() throws Exception {
        String db = TestServices.newDatabase("engram_upgrade");
        flyway(db, "11").migrate();
        UUID used = UUID.randomUUID();
        UUID unused = UUID.randomUUID();
        UUID knowledge = UUID.randomUUID();
        try (Connection c = connect(db)) {
            insertMemory(c, used, ONES, 7, "2026-11-30T10:00:00Z");
            insertMemory(c, unused, OTHER, 0, null);
            execute(c, "insert into knowledge_entry (id, tenant_id, name, knowledge_type, created_at, updated_at,"
                    + " embedding) values ('" + knowledge + "', 'acme', 'rule', 'rule', now(), now(), " + ONES + ")");
        }

        flyway(db, "latest").migrate();

        try (Connection c = connect(db)) {
            assertThat(text(c, "select format_type(atttypid, atttypmod) from pg_attribute"
                    + " where attrelid = 'memory'::regclass and attname = 'embedding'")).isEqualTo("halfvec(384)");
            assertThat(text(c, "select format_type(atttypid, atttypmod) from pg_attribute"
                    + " where attrelid = 'knowledge_entry'::regclass and attname = 'embedding'")).isEqualTo("halfvec(384)");
            // 0.5 and -0.25 are exact in half precision; the direction is kept
            assertThat(number(c, "select embedding <=> cast(" + ONES + " as halfvec) from memory where id = '"
                    + used + "'")).isCloseTo(0.0, within(1e-6));
            assertThat(number(c, "select embedding <=> cast(" + ONES + " as halfvec) from knowledge_entry"
                    + " where id = '" + knowledge + "'")).isCloseTo(0.0, within(1e-6));
            assertThat(text(c, "select access_count || ' ' || to_char(last_accessed at time zone 'UTC',"
                    + " 'YYYY-MM-DD HH24:MI') from memory_access where memory_id = '" + used + "'"))
                    .isEqualTo("7 2026-11-30 10:00");
            assertThat(number(c, "select count(*) from memory_access where memory_id = '" + unused + "'"))
                    .as("a memory never retrieved has no row").isZero();
            assertThat(number(c, "select count(*) from information_schema.columns where table_name = 'memory'"
                    + " and column_name in ('access_count', 'last_accessed')")).isZero();
            execute(c, "set enable_seqscan = off");
            assertThat(text(c, "explain select id from memory order by embedding <=> cast(" + OTHER
                    + " as halfvec) limit 1")).contains("memory_embedding_hnsw_idx");
            assertThat(text(c, "select id::text from memory order by embedding <=> cast(" + OTHER
                    + " as halfvec) limit 1")).isEqualTo(unused.toString());
            execute(c, "delete from memory where id = '" + used + "'");
            assertThat(number(c, "select count(*) from memory_access")).as("follows its memory").isZero();
            // V14: every HNSW index links new vectors with ef_construction 128; m (fixed in the graph) is unchanged
            assertThat(text(c, "select string_agg(c.relname || ' ' || array_to_string(c.reloptions, ','), '; '"
                    + " order by c.relname) from pg_class c join pg_index i on i.indexrelid = c.oid"
                    + " join pg_am a on a.oid = c.relam where a.amname = 'hnsw'"))
                    .isEqualTo("experience_embedding_hnsw_idx m=16,ef_construction=128; "
                            + "knowledge_embedding_hnsw_idx m=16,ef_construction=128; "
                            + "memory_embedding_hnsw_idx m=16,ef_construction=128");
            UUID later = UUID.randomUUID();
            execute(c, "insert into memory (id, tenant_id, type_code, content, occurred_at, created_at, updated_at,"
                    + " content_hash, embedding) values ('" + later + "', 'acme', 'semantic', 'later', now(), now(),"
                    + " now(), 'later', cast(" + ONES + " as halfvec))");
            assertThat(text(c, "select id::text from memory order by embedding <=> cast(" + ONES
                    + " as halfvec) limit 1")).as("a vector inserted after V14 is found").isEqualTo(later.toString());
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

    private static void insertMemory(Connection c, UUID id, String embedding, int accessCount, String lastAccessed)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into memory (id, tenant_id, type_code, content,"
                + " occurred_at, created_at, updated_at, content_hash, embedding, access_count, last_accessed) values"
                + " (?, 'acme', 'semantic', ?, now(), now(), now(), ?, " + embedding + ", ?, ?::timestamptz)")) {
            ps.setObject(1, id);
            ps.setString(2, "memory " + id);
            ps.setString(3, id.toString());
            ps.setInt(4, accessCount);
            ps.setString(5, lastAccessed);
            ps.executeUpdate();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.append(out.isEmpty() ? "" : "\n").append(rs.getString(1));
            }
        }
        return out.toString();
    }

    private static double number(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
