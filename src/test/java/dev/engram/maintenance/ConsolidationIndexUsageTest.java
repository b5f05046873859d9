package dev.engram.maintenance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EXPLAIN of the consolidation pair query as the service runs it (same session settings): the neighbours of each
 * candidate come from the HNSW index (the LATERAL subquery's bare {@code ORDER BY embedding <=>}), never from a scan of
 * the table, on a tenant with enough rows (5000 random 384-d vectors) for the planner to choose freely. How the
 * candidates themselves are read depends on how much of the table the window holds (here: all of it).
 */
@QuarkusTest
class ConsolidationIndexUsageTest {

    private static final String TENANT = "consolidation-explain-tenant";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void pairQueryShouldFindNeighboursThroughTheHnswIndex() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into memory (id, tenant_id, type_code, content, occurred_at, created_at, updated_at,"
                    + " content_hash, embedding, embedding_model, user_id)"
                    + " select gen_random_uuid(), '" + TENANT + "', 'semantic', 'row ' || g, now(), now(), now(),"
                    + " md5(g::text), (select array_agg(random() - 0.5)::halfvec(384) from generate_series(1, 384)"
                    + " where g > 0), 'random', 'user-' || (g % 20) from generate_series(1, 5000) g");
            s.execute("analyze memory");
        }
        Timestamp since = Timestamp.from(Instant.now().minus(7, ChronoUnit.DAYS));
        String plan = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("select set_config('hnsw.ef_search', '100', true),"
                        + " set_config('hnsw.iterative_scan', 'relaxed_order', true)")) {
                    ps.executeQuery().close();
                }
                try (PreparedStatement ps = c.prepareStatement("explain " + ConsolidationRepository.PAIRS_SQL)) {
                    ps.setString(1, TENANT);
                    ps.setTimestamp(2, since);
                    ps.setInt(3, 5000);
                    ps.setString(4, TENANT);
                    ps.setInt(5, ConsolidationRepository.NEIGHBOURS);
                    ps.setDouble(6, 0.85);
                    ps.setTimestamp(7, since);
                    StringBuilder out = new StringBuilder();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.append(rs.getString(1)).append('\n');
                        }
                    }
                    return out.toString();
                }
            }
        });
        assertThat(plan).as(plan).contains("Index Scan using memory_embedding_hnsw_idx");
        assertThat(plan).as(plan).doesNotContain("Seq Scan on memory m");
    }
}
