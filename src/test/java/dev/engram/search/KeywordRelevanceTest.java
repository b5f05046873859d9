package dev.engram.search;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Keyword relevance is Okapi BM25 with the tenant's document frequencies, and it reads the search context. */
@QuarkusTest
class KeywordRelevanceTest {

    private static final Map<String, Object> RELEVANCE_ONLY =
            Map.of("relevance", 1.0, "recency", 0.0, "frequency", 0.0, "importance", 0.0);

    @Inject
    KeywordStatistics statistics;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRareTermShouldOutweighACommonOneOnceStatisticsExist() throws Exception {
        String user = "bm25-" + UUID.randomUUID();
        List<Map<String, Object>> batch = new ArrayList<>();
        // "flimzor" is in 12 memories, "quorblax" in one; each memory matches one of the two query terms once.
        for (int i = 0; i < 12; i++) {
            batch.add(Map.of("content", "flimzor report number " + i, "userId", user));
        }
        batch.add(Map.of("content", "quorblax report with a longer text than the others have", "userId", user));
        given().contentType(ContentType.JSON).body(Map.of("memories", batch)).post("/v1/memories/batch")
                .then().statusCode(201);
        SearchFixture.refreshStatistics(statistics, "default");

        List<String> hits = keywordSearch(user, "flimzor quorblax");
        assertThat(hits).hasSize(13);
        assertThat(hits.get(0)).as("the memory with the rare term ranks first").startsWith("quorblax");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select (select documents from keyword_lexeme where tenant_id = 'default'"
                     + " and lexeme = 'flimzor'), (select documents from keyword_lexeme where tenant_id = 'default'"
                     + " and lexeme = 'quorblax')")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(12);
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(1).isLessThan(rs.getInt(1));
        }
    }

    @Test
    void aMemoryNewerThanTheStatisticsShouldStillBeFound() throws Exception {
        // Statistics only weigh terms, they never filter: a lexeme the statistics have not seen yet counts as rare.
        // "harbour" is made common (other user, same tenant), so the ranking below holds whether or not the
        // background worker refreshes the statistics between the second write and the search.
        String user = "bm25-new-" + UUID.randomUUID();
        List<Map<String, Object>> common = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            common.add(Map.of("content", "the harbour log " + i, "userId", user + "-other"));
        }
        given().contentType(ContentType.JSON).body(Map.of("memories", common)).post("/v1/memories/batch")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("content", "zindravel at the harbour", "userId", user))
                .post("/v1/memories").then().statusCode(201);
        SearchFixture.refreshStatistics(statistics, "default");
        given().contentType(ContentType.JSON).body(Map.of("content", "zindravel again, and a new word: plinkotta",
                "userId", user)).post("/v1/memories").then().statusCode(201);
        assertThat(keywordSearch(user, "zindravel")).hasSize(2);
        assertThat(keywordSearch(user, "plinkotta harbour")).hasSize(2)
                .first().asString().startsWith("zindravel again"); // the unseen lexeme outweighs a known one
    }

    @Test
    void theSearchContextShouldBeFoundByKeywordButNotBeTheContent() {
        String user = "ctx-" + UUID.randomUUID();
        Map<String, Object> memory = new HashMap<>(Map.of("content", "Yes, every Sunday morning.", "userId", user,
                "searchContext", "Do you still go bouldering with Tamsin?"));
        String id = given().contentType(ContentType.JSON).body(memory).post("/v1/memories")
                .then().statusCode(201).extract().path("id");
        given().get("/v1/memories/" + id).then().statusCode(200)
                .body("content", org.hamcrest.Matchers.equalTo("Yes, every Sunday morning."))
                .body("searchContext", org.hamcrest.Matchers.equalTo("Do you still go bouldering with Tamsin?"));
        assertThat(keywordSearch(user, "bouldering Tamsin")).containsExactly("Yes, every Sunday morning.");

        given().contentType(ContentType.JSON).body(Map.of("searchContext", "")).patch("/v1/memories/" + id)
                .then().statusCode(200).body("searchContext", org.hamcrest.Matchers.nullValue());
        assertThat(keywordSearch(user, "bouldering Tamsin")).isEmpty();
    }

    @Test
    void wordsWithQuotesAndBackslashesShouldBeSearchable() {
        String user = "quote-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("content", "O'Driscoll's path is C:\\temp\\grulp", "userId", user))
                .post("/v1/memories").then().statusCode(201);
        assertThat(keywordSearch(user, "O'Driscoll grulp")).hasSize(1);
        assertThat(keywordSearch(user, "'\\'' \\ ''")).isEmpty();
    }

    @Test
    void anOverlongSearchContextShouldBeAProblem() {
        given().contentType(ContentType.JSON).body(Map.of("content", "x", "searchContext", "y".repeat(8001)))
                .post("/v1/memories").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void keywordCandidatesShouldComeFromTheRarestWordsWithinTheMatchBudget() throws Exception {
        // "glorp" is in 11 memories, "zentiq" in 2; with a budget of 5 documents only "zentiq" selects candidates,
        // but "glorp" still adds to the BM25 of a candidate that has both.
        String user = "budget-" + UUID.randomUUID();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(Map.of("content", "glorp note number " + i, "userId", user, "metadata", Map.of("run", user)));
        }
        batch.add(Map.of("content", "glorp and zentiq together", "userId", user, "metadata", Map.of("run", user)));
        batch.add(Map.of("content", "zentiq alone here", "userId", user, "metadata", Map.of("run", user)));
        given().contentType(ContentType.JSON).body(Map.of("memories", batch)).post("/v1/memories/batch")
                .then().statusCode(201);
        SearchFixture.refreshStatistics(statistics, "default");

        Map<String, Double> budget5 = keywordCandidates(user, "glorp zentiq", 5);
        assertThat(budget5.keySet()).containsExactlyInAnyOrder("glorp and zentiq together", "zentiq alone here");
        assertThat(budget5.get("glorp and zentiq together")).isGreaterThan(budget5.get("zentiq alone here"));
        assertThat(keywordCandidates(user, "glorp zentiq", 5000)).hasSize(12);
        // the rarest word always selects; within one user's memories all its matches are scored
        assertThat(keywordCandidates(user, "glorp", 5)).hasSize(11);
        // an owner with at most the budget of memories (this user has 12): every word selects, all its rows are tested
        assertThat(keywordCandidates(user, "glorp zentiq", 12)).hasSize(12);
        assertThat(keywordCandidates(user, "glorp zentiq", 11)).hasSize(2);
        // beyond one owner, when it alone matches more than the budget, only the budget of rows is visited
        assertThat(keywordCandidates(tagged(user), "glorp", 11, 50)).hasSize(11);
        assertThat(keywordCandidates(tagged(user), "glorp", 5, 50)).hasSize(5);
        // a word the statistics do not know yet does not take the rarest word's place
        assertThat(keywordCandidates(tagged(user), "qwzxv glorp", 5, 50)).hasSize(5);
        // a query of stop words only matches nothing (and is no error)
        assertThat(keywordCandidates(user, "the and of", 5000)).isEmpty();
    }

    @Test
    void whenMoreMemoriesMatchThanCandidatesAreKeptTheOnesMatchingMoreQueryWordsAreKept() throws Exception {
        // "snorvel" (9 memories) alone selects candidates (budget 9); 3 of them also hold "pratchet" and 1 of those
        // also "quindle". With room for 3 candidates the three that match two or three query words must be kept,
        // the one with all three words first: the candidate order counts every query word, not only the selecting one.
        String user = "order-" + UUID.randomUUID();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            batch.add(Map.of("content", "snorvel entry " + i, "userId", user));
        }
        batch.add(Map.of("content", "snorvel pratchet first", "userId", user));
        batch.add(Map.of("content", "snorvel pratchet second", "userId", user));
        batch.add(Map.of("content", "snorvel pratchet quindle", "userId", user));
        for (int i = 0; i < 12; i++) { // pratchet and quindle become common, so snorvel is the rarest word
            batch.add(Map.of("content", "pratchet quindle filler " + i, "userId", user + "-other"));
        }
        given().contentType(ContentType.JSON).body(Map.of("memories", batch)).post("/v1/memories/batch")
                .then().statusCode(201);
        SearchFixture.refreshStatistics(statistics, "default");

        Map<String, Double> kept = keywordCandidates(user, "quindle pratchet snorvel", 9, 3);
        assertThat(kept.keySet()).containsExactlyInAnyOrder("snorvel pratchet first", "snorvel pratchet second",
                "snorvel pratchet quindle");
        assertThat(kept.get("snorvel pratchet quindle")).isGreaterThan(kept.get("snorvel pratchet first"));
        assertThat(keywordCandidates(user, "quindle pratchet snorvel", 9, 50)).hasSize(9);
    }

    @Test
    void whenEveryQueryWordIsCommonTheRowsMatchingMoreOfThemAreVisitedFirst() throws Exception {
        // "brindle" and "caskor" are each in 41 memories, both together in 3 that were written in the middle. With a
        // budget of 10 rows only 10 are visited, and the 3 that hold both words are among them (ranked first) even
        // though most rows holding one of the words come earlier in the table.
        String run = "common-" + UUID.randomUUID();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 38; i++) {
            batch.add(Map.of("content", "brindle entry " + i, "metadata", Map.of("run", run)));
            batch.add(Map.of("content", "caskor entry " + i, "metadata", Map.of("run", run)));
            if (i == 20) {
                for (int j = 0; j < 3; j++) {
                    batch.add(Map.of("content", "brindle caskor both " + j, "metadata", Map.of("run", run)));
                }
            }
        }
        given().contentType(ContentType.JSON).body(Map.of("memories", batch)).post("/v1/memories/batch")
                .then().statusCode(201);
        SearchFixture.refreshStatistics(statistics, "default");

        Map<String, Double> bounded = keywordCandidates(tagged(run), "caskor brindle", 10, 50);
        assertThat(bounded).hasSize(10).containsKeys("brindle caskor both 0", "brindle caskor both 1",
                "brindle caskor both 2");
        double leastOfBoth = bounded.entrySet().stream().filter(e -> e.getKey().contains("both"))
                .mapToDouble(Map.Entry::getValue).min().orElseThrow();
        assertThat(bounded.entrySet()).filteredOn(e -> !e.getKey().contains("both"))
                .allSatisfy(e -> assertThat(e.getValue()).isLessThan(leastOfBoth));
        // within the budget every match is a candidate
        assertThat(keywordCandidates(tagged(run), "caskor brindle", 100, 100)).hasSize(79);
    }

    /** Content → exact BM25 of the keyword candidates that the candidate SQL returns with the given budget. */
    private Map<String, Double> keywordCandidates(String user, String query, int budget) throws Exception {
        return keywordCandidates(user, query, budget, 50);
    }

    private Map<String, Double> keywordCandidates(String user, String query, int budget, int perIndex) throws Exception {
        return keywordCandidates(new SearchFilter("default", null, null, user, null, null, null, null, null), query,
                budget, perIndex);
    }

    /** The memories of one test run by their metadata: no owner filter, so the tenant's word statistics apply. */
    private static SearchFilter tagged(String run) {
        return new SearchFilter("default", null, null, null, null, "{\"run\": \"" + run + "\"}", null, null, null);
    }

    private Map<String, Double> keywordCandidates(SearchFilter filter, String query, int budget, int perIndex)
            throws Exception {
        float[] v = new float[384];
        v[0] = 1;
        List<Object> params = new ArrayList<>();
        Map<String, Double> out = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            QueryTerms terms = SearchRepository.terms(c, "default", query);
            if (filter.oneOwner()) { // as SearchRepository.candidates does
                terms = terms.withRowsInReach(SearchRepository.rowsInReach(c, filter, budget + 1L));
            }
            String sql = CandidateSql.sql(filter, dev.engram.search.api.SearchMode.KEYWORD,
                    dev.engram.memory.VectorConverter.toText(v), terms, perIndex, new CandidateSql.Bm25(1.2, 0.75, budget),
                    params);
            java.sql.PreparedStatement ps = c.prepareStatement("select m.content, k.kw_rank from (" + sql
                    + ") k join memory m on m.id = k.id");
            for (int i = 0; i < params.size(); i++) {
                SearchRepository.bind(c, ps, i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        return out;
    }

    private static List<String> keywordSearch(String user, String query) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("query", query, "mode", "keyword", "userId", user, "limit", 50, "weights", RELEVANCE_ONLY))
                .post("/v1/memories/search").then().statusCode(200).extract().jsonPath()
                .getList("hits.memory.content", String.class);
    }
}
