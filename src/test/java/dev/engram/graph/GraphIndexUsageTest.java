package dev.engram.graph;

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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** EXPLAIN: the automatic-link statement finds each new memory's neighbours through the HNSW index. */
@QuarkusTest
class GraphIndexUsageTest {

    private static final String TENANT = "graph-explain-tenant";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void autoLinkUsesTheHnswIndex() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into memory (id, tenant_id, type_code, content, occurred_at, created_at, updated_at,"
                    + " content_hash, embedding, embedding_model)"
                    + " select gen_random_uuid(), '" + TENANT + "', 'semantic', 'row ' || g, now(), now(), now(), md5(g::text),"
                    + " (select array_agg(random() - 0.5)::halfvec(384) from generate_series(1, 384) where g > 0), 'random'"
                    + " from generate_series(1, 5000) g");
            s.execute("analyze memory");
        }
        String plan = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("explain " + GraphRepository.AUTO_LINK_SQL)) {
                ps.setTimestamp(1, Timestamp.from(Instant.now()));
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setInt(3, 5);
                ps.setString(4, TENANT);
                ps.setArray(5, c.createArrayOf("uuid", new Object[]{UUID.randomUUID()}));
                ps.setDouble(6, 0.75);
                StringBuilder out = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                }
                return out.toString();
            }
        });
        assertThat(plan).contains("memory_embedding_hnsw_idx");
    }
}
