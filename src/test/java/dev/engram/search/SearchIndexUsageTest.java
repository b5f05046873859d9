package dev.engram.search;

import dev.engram.search.api.SearchMode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks with EXPLAIN that the candidate query the service runs is answered by the HNSW and GIN indexes, on a tenant
 * with enough rows (5000 random 384-d vectors) for the planner to prefer them on its own. The query word is in 10 of
 * them: the word is a constant of the statement, so the planner sees how selective it is (a word in every eighth row
 * is rightly read with a sequential scan of so small a table).
 */
@QuarkusTest
class SearchIndexUsageTest {

    private static final String TENANT = "explain-tenant";
    private static boolean loaded;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    KeywordStatistics statistics;

    @BeforeEach
    void loadRows() throws Exception {
        if (loaded) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into memory (id, tenant_id, type_code, content, occurred_at, created_at, updated_at,"
                    + " content_hash, embedding, embedding_model, user_id)"
                    + " select gen_random_uuid(), '" + TENANT + "', 'semantic',"
                    + " 'row ' || g || ' about ' || (array['cats','dogs','tea','coffee','rain','sun','java','rust'])[1 + g % 8]"
                    + " || case when g % 500 = 0 then ' and espresso' else '' end,"
                    + " now(), now(), now(), md5(g::text),"
                    + " (select array_agg(random() - 0.5)::halfvec(384) from generate_series(1, 384) where g > 0), 'random',"
                    + " 'user-' || (g % 50)"
                    + " from generate_series(1, 5000) g");
            s.execute("analyze memory");
        }
        loaded = true;
    }

    private String explain(SearchMode mode, SearchFilter filter) throws Exception {
        return explain(mode, filter, "espresso", CandidateSql.Bm25.DEFAULT);
    }

    private String explain(SearchMode mode, SearchFilter filter, String query, CandidateSql.Bm25 bm25)
            throws Exception {
        float[] v = new float[384];
        Random random = new Random(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }
        List<Object> params = new ArrayList<>();
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("explain " + CandidateSql.sql(filter, mode,
                         dev.engram.memory.VectorConverter.toText(v), SearchRepository.terms(c, TENANT, query), 40, bm25,
                         params))) {
                for (int i = 0; i < params.size(); i++) {
                    SearchRepository.bind(c, ps, i + 1, params.get(i));
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            }
        });
    }

    private static SearchFilter tenantOnly() {
        return new SearchFilter(TENANT, null, null, null, null, null, null, null, null);
    }

    @Test
    void semanticSearchShouldUseTheHnswIndex() throws Exception {
        assertThat(explain(SearchMode.SEMANTIC, tenantOnly())).contains("memory_embedding_hnsw_idx");
    }

    @Test
    void keywordSearchShouldUseTheGinIndex() throws Exception {
        assertThat(explain(SearchMode.KEYWORD, tenantOnly())).contains("memory_search_vector_idx");
    }

    @Test
    void aQueryOfCommonWordsShouldVisitAtMostTheBudgetThroughTheGinIndex() throws Exception {
        statistics.refresh(TENANT); // "espresso" is in 10 of the 5000 rows, "tea" in 625
        String plan = explain(SearchMode.KEYWORD, tenantOnly(), "espresso and tea", new CandidateSql.Bm25(1.2, 0.75, 5));
        // two branches (both words, then the rarest alone), each on the GIN index, under one limit
        assertThat(plan.split("memory_search_vector_idx", -1)).as(plan).hasSize(3);
        assertThat(plan).contains("Limit").doesNotContain("Seq Scan on memory ");
    }

    @Test
    void hybridSearchShouldUseBothIndexes() throws Exception {
        assertThat(explain(SearchMode.HYBRID, tenantOnly()))
                .contains("memory_embedding_hnsw_idx").contains("memory_search_vector_idx");
    }

    @Test
    void aSelectiveUserFilterMayUseItsBtreeIndex() throws Exception {
        SearchFilter byUser = new SearchFilter(TENANT, null, null, "user-7", null, null, null, null, null);
        assertThat(explain(SearchMode.SEMANTIC, byUser))
                .containsAnyOf("memory_embedding_hnsw_idx", "memory_tenant_user_idx");
    }
}
