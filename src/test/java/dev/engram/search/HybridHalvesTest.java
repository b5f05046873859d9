package dev.engram.search;

import dev.engram.embedding.Embedder;
import dev.engram.memory.VectorConverter;
import dev.engram.search.api.SearchMode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hybrid search's two halves may run at the same time on two connections, or in one statement when no keyword
 * thread is idle: both ways must give the same candidates with the same positions and scores.
 */
@QuarkusTest
class HybridHalvesTest {

    private static final String[] TOPICS = {"sourdough bread baking", "road bike repair", "kubernetes upgrade",
            "tax return deadline", "piano lessons", "garden shed paint"};

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Embedder embedder;
    @Inject
    KeywordStatistics statistics;

    @Test
    void concurrentHalvesShouldGiveTheCandidatesOfTheCombinedStatement() throws Exception {
        String user = "halves-" + UUID.randomUUID();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            batch.add(Map.of("content", "Note " + i + " on " + TOPICS[i % TOPICS.length]
                    + (i % 7 == 0 ? " and the bread oven" : ""), "userId", user, "metadata", Map.of("run", user)));
        }
        given().contentType(ContentType.JSON).body(Map.of("memories", batch)).post("/v1/memories/batch")
                .then().statusCode(201);
        SearchFixture.refreshStatistics(statistics, "default");
        // by user: every keyword match is scored; by metadata with a budget of 5 rows: the conjunctions of the
        // query's rarest words (each topic word is in 10 of these memories)
        check(new SearchFilter("default", null, null, user, null, null, null, null, null), CandidateSql.Bm25.DEFAULT);
        check(new SearchFilter("default", null, null, null, null, "{\"run\": \"" + user + "\"}", null, null, null),
                new CandidateSql.Bm25(1.2, 0.75, 5));
    }

    private void check(SearchFilter filter, CandidateSql.Bm25 bm25) throws Exception {
        SearchRepository combined = new SearchRepository(dataSource, 0);
        SearchRepository concurrent = new SearchRepository(dataSource, 1);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            for (String query : List.of("how do I bake bread", "bike repair", "the oven", "the and of")) {
                String vector = VectorConverter.toText(embedder.embedQuery(query));
                if (filter.userId() == null && !query.equals("the and of")) {
                    try (java.sql.Connection c = dataSource.getConnection()) {
                        assertThat(SearchRepository.terms(c, "default", query).narrowing(bm25.matchBudget()))
                                .as("the bounded path is taken for " + query).isNotEmpty();
                    }
                }
                List<String> expected = describe(combined.candidates(filter, SearchMode.HYBRID, vector, query, 20, 100,
                        bm25));
                assertThat(expected).isNotEmpty();
                // four callers at once on one keyword thread: some searches split, the others run one statement
                List<Future<List<String>>> runs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    runs.add(callers.submit(() -> describe(concurrent.candidates(filter, SearchMode.HYBRID, vector,
                            query, 20, 100, bm25))));
                }
                for (Future<List<String>> run : runs) {
                    assertThat(run.get()).as(query).isEqualTo(expected);
                }
            }
        } finally {
            callers.shutdown();
            combined.stop();
            concurrent.stop();
        }
    }

    @Test
    void mergeShouldKeepBothPositionsOfAMemoryFoundByBothHalves() {
        UUID both = UUID.randomUUID();
        UUID semanticOnly = UUID.randomUUID();
        UUID keywordOnly = UUID.randomUUID();
        List<Candidate> merged = SearchRepository.merge(
                List.of(new Candidate(both, 0.9, 2.5, 1, 0), new Candidate(semanticOnly, 0.8, 0, 2, 0)),
                List.of(new Candidate(keywordOnly, 0.1, 3.0, 0, 1), new Candidate(both, 0.9, 2.5, 0, 2)));
        assertThat(merged).containsExactlyInAnyOrder(new Candidate(both, 0.9, 2.5, 1, 2),
                new Candidate(semanticOnly, 0.8, 0, 2, 0), new Candidate(keywordOnly, 0.1, 3.0, 0, 1));
    }

    private static List<String> describe(List<Candidate> candidates) {
        return candidates.stream().sorted(Comparator.comparing(Candidate::id))
                .map(c -> String.format(java.util.Locale.ROOT, "%s sem=%d kw=%d sim=%.5f bm25=%.5f", c.id(),
                        c.semanticPosition(), c.keywordPosition(), c.similarity(), c.keywordRank()))
                .toList();
    }
}
