package dev.engram.search;

import dev.engram.embedding.Embedder;
import dev.engram.memory.VectorConverter;
import dev.engram.search.api.Fusion;
import dev.engram.search.api.SearchMode;
import dev.engram.testing.StatementLog;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a search costs the database, counted in PostgreSQL's own statement log: a semantic search neither reads the
 * keyword statistics nor computes BM25 (two statements per query: the planner settings and the candidates), a hybrid
 * search still does both, and the semantic candidates are those of the former statement with the keyword rank 0.
 */
@QuarkusTest
class SemanticSearchCostTest {

    private static final List<String> QUERIES = List.of("when does the user like to meet", "deploy with helm",
            "the and of");
    private static SearchFixture fixture;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Embedder embedder;
    @Inject
    KeywordStatistics statistics;
    @Inject
    SearchRepository repository;
    @Inject
    SearchConfig config;
    @Inject
    Scheduler scheduler;

    private StatementLog log;

    @BeforeEach
    void quiet() throws InterruptedException {
        Assumptions.assumeTrue(StatementLog.available(), "needs the suite's own PostgreSQL and its log");
        if (fixture == null) {
            fixture = new SearchFixture();
            SearchFixture.refreshStatistics(statistics, "default");
        }
        // Nothing else may run SQL in the window: the scheduled flushers and refreshers wait.
        scheduler.pause();
        Thread.sleep(300);
        log = StatementLog.start();
    }

    @AfterEach
    void resume() {
        if (log != null) {
            log.close();
        }
        scheduler.resume();
    }

    @Test
    void semanticCandidatesShouldTakeTwoStatementsWithoutKeywordWork() {
        for (String query : QUERIES) {
            List<String> sql = statements(() -> candidates(repository, SearchMode.SEMANTIC, query));
            assertThat(sql).as(query).hasSize(2);
            assertThat(sql.get(0)).contains("set_config('hnsw.ef_search'");
            assertThat(sql.get(1)).contains("embedding <=> cast(").doesNotContain("search_vector");
            assertThat(sql).noneMatch(s -> s.contains("keyword_lexeme") || s.contains("keyword_corpus"));
        }
    }

    @Test
    void hybridCandidatesShouldKeepTheirStatements() {
        SearchRepository combined = new SearchRepository(dataSource, 0);
        try {
            List<String> sql = statements(() -> candidates(combined, SearchMode.HYBRID, QUERIES.get(0)));
            // the settings, the query's keyword statistics, the owner's memories counted, the candidates
            assertThat(sql).hasSize(4);
            assertThat(sql.get(1)).contains("keyword_lexeme");
            assertThat(sql.get(3)).contains("embedding <=> cast(").contains("unnest(m.search_vector)");
        } finally {
            combined.stop();
        }
        // an idle keyword thread: the keyword half on a connection of its own (its settings and its statement)
        assertThat(statements(() -> candidates(repository, SearchMode.HYBRID, QUERIES.get(0)))).hasSize(6);
    }

    @Test
    void semanticSearchShouldRunTheTwoCandidateStatementsAndOneLoad() {
        List<List<Float>> keywordRanks = new ArrayList<>();
        List<String> sql = statements(() -> keywordRanks.add(given().contentType(ContentType.JSON)
                .body(Map.of("query", QUERIES.get(0), "mode", "semantic", "userId", fixture.userId, "explain", true))
                .post("/v1/memories/search").then().statusCode(200).extract().path("hits.explain.keywordRank")));
        // besides: the API key's lookup and the driver's type lookups, which come and go with caches
        assertThat(sql).as(String.join("\n", sql))
                .noneMatch(s -> s.contains("keyword_lexeme") || s.contains("search_vector"))
                .filteredOn(s -> s.contains("set_config('hnsw.ef_search'")).hasSize(1);
        assertThat(sql).filteredOn(s -> s.contains("embedding <=> cast(")).hasSize(1);
        assertThat(sql).filteredOn(s -> s.startsWith("select me1_0.id")).as("the hits, loaded by id").hasSize(1);
        assertThat(keywordRanks.get(0)).hasSize(10).containsOnly(0f);
    }

    @Test
    void semanticCandidatesShouldEqualThoseOfTheStatementWithKeywordStatistics() {
        RankingPolicy policy = new RankingPolicy(config.recencyHalfLife(), config.frequencySaturation(),
                config.semanticShare(), config.rrfK());
        for (String query : QUERIES) {
            List<Candidate> now = candidates(repository, SearchMode.SEMANTIC, query);
            List<Candidate> before = withKeywordStatistics(query);
            assertThat(now).as(query).hasSizeGreaterThan(fixture.size() / 2);
            assertThat(now).allMatch(c -> c.keywordRank() == 0);
            assertThat(describe(now)).as(query).isEqualTo(describe(before));
            for (Fusion fusion : Fusion.values()) {
                assertThat(policy.relevance(now, SearchMode.SEMANTIC, fusion))
                        .isEqualTo(policy.relevance(before, SearchMode.SEMANTIC, fusion));
            }
        }
    }

    private List<String> statements(Runnable search) {
        log.begin();
        search.run();
        return log.stop().statements();
    }

    private List<Candidate> candidates(SearchRepository from, SearchMode mode, String query) {
        return from.candidates(filter(), mode, vector(query), query, perIndex(), config.efSearch(), bm25());
    }

    /** The semantic candidates as the statement computed them with the query's keyword statistics and BM25. */
    private List<Candidate> withKeywordStatistics(String query) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                SearchRepository.settings(c, Math.max(config.efSearch(), perIndex()));
                QueryTerms terms = SearchRepository.terms(c, "default", query);
                return SearchRepository.run(c, filter(), true, false, vector(query), terms, perIndex(), bm25());
            }
        });
    }

    private SearchFilter filter() {
        return new SearchFilter("default", null, null, fixture.userId, null, null, null, null, null);
    }

    private String vector(String query) {
        return VectorConverter.toText(embedder.embedQuery(query));
    }

    private int perIndex() {
        return Math.max(config.minCandidates(), 10 * config.candidateFactor());
    }

    private CandidateSql.Bm25 bm25() {
        return new CandidateSql.Bm25(config.bm25K1(), config.bm25B(), config.keywordMatchBudget());
    }

    /** Every column but the keyword rank, by id. */
    private static List<String> describe(List<Candidate> candidates) {
        List<String> out = new ArrayList<>();
        candidates.stream().sorted(Comparator.comparing(Candidate::id)).forEach(c -> out.add(String.format(Locale.ROOT,
                "%s sim=%s sem=%d kw=%d %s %d %s %s", c.id(), c.similarity(), c.semanticPosition(),
                c.keywordPosition(), c.occurredAt(), c.accessCount(), c.importance(), c.confidence())));
        return out;
    }
}
