package dev.engram.search;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The candidate statement that CandidateSql writes, run against the real database. */
@QuarkusTest
class CandidateSqlTest {

    @Inject
    KeywordStatistics statistics;
    @Inject
    AgroalDataSource dataSource;

    /** The BM25 the candidate statement computes inline is the SQL function engram_bm25 (V11), to the last digit. */
    @Test
    void theCandidatesExactBm25ShouldBeTheSqlFunctions() throws Exception {
        String run = "exact-" + UUID.randomUUID();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (String content : List.of("the gravel gravel road to the lake", "gravel", "road road road",
                "a long note about the lake and the road and the weather by the lake, written on a rainy day",
                "nothing relevant here", "lake")) {
            batch.add(Map.of("content", content, "metadata", Map.of("run", run)));
        }
        given().contentType(ContentType.JSON).body(Map.of("memories", batch)).post("/v1/memories/batch")
                .then().statusCode(201);
        SearchFixture.refreshStatistics(statistics, "default");
        SearchFilter byRun = new SearchFilter("default", null, null, null, null, "{\"run\": \"" + run + "\"}",
                null, null, null);
        float[] v = new float[384];
        v[0] = 1;
        int compared = 0;
        int matched = 0;
        try (Connection c = dataSource.getConnection()) {
            for (String query : List.of("gravel road lake", "lake", "road weather gravel qwzxv", "the")) {
                for (Bm25Params k1b : List.of(new Bm25Params(1.2, 0.75), new Bm25Params(1.7, 0.3))) {
                    List<Object> params = new ArrayList<>();
                    String sql = CandidateSql.sql(byRun, dev.engram.search.api.SearchMode.HYBRID,
                            dev.engram.memory.VectorConverter.toText(v), SearchRepository.terms(c, "default", query), 50,
                            new CandidateSql.Bm25(k1b.k1(), k1b.b(), 1000), params);
                    try (PreparedStatement ps = c.prepareStatement("select k.kw_rank, engram_bm25("
                            + "m.search_vector, ?::text[], ?::float8[], ?::float8, ?, ?) from (" + sql
                            + ") k join memory m on m.id = k.id")) {
                        // q's lexemes, weights and mean length are the statement's 2nd to 4th parameters
                        SearchRepository.bind(c, ps, 1, params.get(1));
                        SearchRepository.bind(c, ps, 2, params.get(2));
                        ps.setObject(3, params.get(3));
                        ps.setDouble(4, k1b.k1());
                        ps.setDouble(5, k1b.b());
                        for (int i = 0; i < params.size(); i++) {
                            SearchRepository.bind(c, ps, i + 6, params.get(i));
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                compared++;
                                matched += rs.getDouble(1) > 0 ? 1 : 0;
                                assertThat(rs.getDouble(1)).as(query).isCloseTo(rs.getDouble(2),
                                        Offset.offset(1e-9));
                            }
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(30);
        assertThat(matched).as("candidates with a keyword score").isGreaterThanOrEqualTo(10);
    }

    private record Bm25Params(double k1, double b) {
    }
}
