package dev.engram.search;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchResourceTest {

    private SearchFixture fixture;

    /** Stored once per class; in @BeforeEach because RestAssured points at the test port only from there on. */
    @BeforeEach
    void storeFixture() {
        if (fixture == null) {
            fixture = new SearchFixture();
        }
    }

    private JsonPath search(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("userId", fixture.userId, "limit", 10, "explain", true));
        body.putAll(extra);
        return given().contentType(ContentType.JSON).body(body).post("/v1/memories/search")
                .then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static List<String> contents(JsonPath result) {
        return result.getList("hits.memory.content", String.class);
    }

    @Test
    void shouldRankMorningMeetingPreferenceFirstForScheduleAMeeting() {
        for (String mode : List.of("hybrid", "semantic")) {
            List<String> hits = contents(search(Map.of("query", "schedule a meeting", "mode", mode)));
            assertThat(hits).as("mode %s", mode).first().isEqualTo(SearchFixture.MORNING_MEETINGS);
        }
    }

    /** Relevance only: isolates retrieval quality from recency, frequency and importance. */
    private static final Map<String, Object> RELEVANCE_ONLY =
            Map.of("relevance", 1.0, "recency", 0.0, "frequency", 0.0, "importance", 0.0);

    @Test
    void shouldRankSemanticallyRelatedMemoriesForOtherQueries() {
        assertThat(contents(search(Map.of("query", "does the user eat meat?", "weights", RELEVANCE_ONLY))))
                .first().isEqualTo("User is vegetarian and avoids fish");
        assertThat(contents(search(Map.of("query", "how do I ship a new release to production?", "weights", RELEVANCE_ONLY))))
                .first().asString().contains("helm upgrade");
        assertThat(contents(search(Map.of("query", "does the user have pets?", "weights", RELEVANCE_ONLY))))
                .first().asString().contains("cat named Miso");
    }

    @Test
    void hybridShouldBeatKeywordOnlyForAParaphrase() {
        String target = "User is vegetarian and avoids fish";
        String query = "Which food does this person refuse to eat?"; // no word in common with the memory
        int hybrid = contents(search(Map.of("query", query, "mode", "hybrid", "weights", RELEVANCE_ONLY))).indexOf(target);
        int keyword = contents(search(Map.of("query", query, "mode", "keyword", "weights", RELEVANCE_ONLY))).indexOf(target);
        assertThat(hybrid).isZero();
        assertThat(keyword).as("keyword-only rank of the paraphrased memory").isNotZero();
    }

    @Test
    void keywordModeShouldFindExactTerms() {
        assertThat(contents(search(Map.of("query", "pgvector", "mode", "keyword"))))
                .containsExactly("PostgreSQL supports vector search through the pgvector extension");
    }

    @Test
    void explainComponentsShouldAddUpToTheScore() {
        JsonPath result = search(Map.of("query", "schedule a meeting"));
        List<Map<String, Object>> hits = result.getList("hits");
        assertThat(hits).isNotEmpty();
        for (Map<String, Object> hit : hits) {
            @SuppressWarnings("unchecked")
            Map<String, Object> explain = (Map<String, Object>) hit.get("explain");
            @SuppressWarnings("unchecked")
            Map<String, Number> contributions = (Map<String, Number>) explain.get("contributions");
            @SuppressWarnings("unchecked")
            Map<String, Number> weights = (Map<String, Number>) explain.get("weights");
            @SuppressWarnings("unchecked")
            Map<String, Number> components = (Map<String, Number>) explain.get("components");
            double sum = contributions.values().stream().mapToDouble(Number::doubleValue).sum();
            assertThat(sum).isCloseTo(((Number) hit.get("score")).doubleValue(), within(1e-9));
            assertThat(weights.values().stream().mapToDouble(Number::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(components.keySet()).containsExactly("relevance", "recency", "frequency", "importance");
            for (String k : components.keySet()) {
                assertThat(contributions.get(k).doubleValue()).isCloseTo(
                        weights.get(k).doubleValue() * components.get(k).doubleValue(), within(1e-9));
            }
        }
        assertThat(((Number) result.get("hits[0].explain.weights.relevance")).doubleValue()).isCloseTo(0.7, within(1e-9));
        assertThat(((Number) result.get("hits[0].explain.weights.recency")).doubleValue()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void semanticRelevanceShouldBeTheCosineSimilarity() {
        JsonPath result = search(Map.of("query", "schedule a meeting", "mode", "semantic"));
        double similarity = ((Number) result.get("hits[0].explain.similarity")).doubleValue();
        double relevance = ((Number) result.get("hits[0].explain.components.relevance")).doubleValue();
        assertThat(relevance).isCloseTo(similarity, within(1e-9));
    }

    @Test
    void typeFilterShouldExcludeOtherTypes() {
        JsonPath result = search(Map.of("query", "schedule a meeting", "types", List.of("semantic", "procedural")));
        assertThat(result.getList("hits.memory.type", String.class)).isNotEmpty()
                .allMatch(t -> t.equals("semantic") || t.equals("procedural"));
        assertThat(contents(result)).doesNotContain(SearchFixture.MORNING_MEETINGS);
    }

    @Test
    void contextFilterShouldKeepOnlyTheContextsMemories() {
        JsonPath result = search(Map.of("query", "schedule a meeting", "contextId", fixture.contextId));
        assertThat(result.getList("hits.memory.contextId", String.class)).hasSize(5).containsOnly(fixture.contextId);
    }

    @Test
    void userFilterShouldExcludeOtherUsers() {
        String otherUser = "other-" + fixture.userId;
        given().contentType(ContentType.JSON).body(Map.of("content", SearchFixture.MORNING_MEETINGS, "userId", otherUser))
                .post("/v1/memories").then().statusCode(201);
        assertThat(search(Map.of("query", "schedule a meeting")).getList("hits.memory.userId", String.class))
                .containsOnly(fixture.userId);
        JsonPath other = search(Map.of("query", "schedule a meeting", "userId", otherUser));
        assertThat(other.getList("hits.memory.userId", String.class)).containsExactly(otherUser);
    }

    @Test
    void importanceFilterShouldExcludeLessImportantMemories() {
        JsonPath result = search(Map.of("query", "user preferences", "minImportance", 0.6, "limit", 50));
        List<Double> importances = result.getList("hits.memory.importance", Double.class);
        assertThat(importances).isNotEmpty().allMatch(i -> i >= 0.6);
        assertThat(importances).hasSize(8);
    }

    /** importance is a real column: 0.7 is stored as 0.699999988, and a float8 bound against it would drop it. */
    @Test
    void importanceFilterShouldKeepMemoriesOfExactlyTheMinimum() {
        String user = "importance-edge-" + java.util.UUID.randomUUID();
        for (double importance : List.of(0.7, 0.9)) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("content", "a note of importance " + importance, "userId", user, "importance", importance))
                    .post("/v1/memories").then().statusCode(201);
        }
        for (double minimum : List.of(0.7, 0.9)) {
            JsonPath result = search(Map.of("query", "a note of importance", "userId", user, "minImportance", minimum));
            assertThat(result.getList("hits.memory.importance", Double.class)).as("minImportance %s", minimum)
                    .hasSize(minimum == 0.7 ? 2 : 1).allSatisfy(i -> assertThat(i).isGreaterThanOrEqualTo(minimum - 1e-6));
        }
    }

    @Test
    void timeWindowShouldExcludeMemoriesOutsideIt() {
        Instant now = Instant.now();
        String since = now.minus(java.time.Duration.ofDays(10)).toString();
        String until = now.minus(java.time.Duration.ofDays(1)).toString();
        JsonPath result = search(Map.of("query", "what happened recently", "since", since, "until", until, "limit", 50));
        List<String> occurred = result.getList("hits.memory.occurredAt", String.class);
        assertThat(occurred).isNotEmpty().allMatch(t -> {
            Instant at = Instant.parse(t);
            return !at.isBefore(Instant.parse(since)) && at.isBefore(Instant.parse(until));
        });
    }

    @Test
    void minRelevanceShouldDropWeakMatches() {
        JsonPath all = search(Map.of("query", "schedule a meeting", "mode", "semantic", "limit", 50));
        JsonPath strong = search(Map.of("query", "schedule a meeting", "mode", "semantic", "limit", 50, "minRelevance", 0.3));
        List<Double> relevances = strong.getList("hits.explain.components.relevance", Double.class);
        assertThat(relevances).isNotEmpty().allMatch(r -> r >= 0.3);
        assertThat(relevances.size()).isLessThan(all.getList("hits").size());
    }

    @Test
    void metadataFilterShouldMatchByContainment() {
        JsonPath result = search(Map.of("query", "anything about the user", "metadata", Map.of("parity", "even"), "limit", 50));
        assertThat(result.getList("hits.memory.metadata.parity", String.class)).isNotEmpty().containsOnly("even");
    }

    @Test
    void multipleQueriesShouldBeAggregated() {
        for (String aggregation : List.of("max", "mean", "weighted", "rrf")) {
            Map<String, Object> body = new HashMap<>(Map.of(
                    "queries", List.of("book a meeting with the team", "when does the user like to meet?"),
                    "aggregation", aggregation));
            if (aggregation.equals("weighted")) {
                body.put("queryWeights", List.of(1.0, 2.0));
            }
            assertThat(contents(search(body))).as(aggregation).first().isEqualTo(SearchFixture.MORNING_MEETINGS);
        }
    }

    /** queryWeights weigh the entries of queries by text, also when a text repeats (its weights add up). */
    @Test
    void queryWeightsShouldFollowTheirQueriesThroughDeduplication() {
        Map<String, Object> common = Map.of("mode", "semantic", "weights", RELEVANCE_ONLY, "limit", 5);
        Map<String, Object> weighted = new HashMap<>(common);
        weighted.putAll(Map.of("queries", List.of("capital of France", "capital of France", "does the user eat meat?"),
                "queryWeights", List.of(0.0, 0.0, 1.0), "aggregation", "weighted"));
        Map<String, Object> alone = new HashMap<>(common);
        alone.put("query", "does the user eat meat?");
        JsonPath expected = search(alone);
        JsonPath actual = search(weighted);
        assertThat(contents(actual)).isEqualTo(contents(expected));
        List<Double> relevance = expected.getList("hits.explain.components.relevance", Double.class);
        assertThat(relevance).first().isNotEqualTo(0.0);
        assertThat(actual.getList("hits.explain.components.relevance", Double.class))
                .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b))
                .isEqualTo(relevance);
    }

    @Test
    void queryWeightsBesideASingleQueryShouldBeRejected() {
        given().contentType(ContentType.JSON).body(Map.of("query", "x", "queries", List.of("a", "b"),
                        "queryWeights", List.of(1.0, 3.0), "aggregation", "weighted"))
                .post("/v1/memories/search").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/validation-failed"))
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("queryWeights"));
    }

    @Test
    void weightsShouldChangeTheRanking() {
        // With recency as the only weight, the newest memory wins whatever the query.
        JsonPath result = search(Map.of("query", "capital of France",
                "weights", Map.of("relevance", 0.0, "recency", 1.0, "frequency", 0.0, "importance", 0.0)));
        assertThat(contents(result).get(0)).isNotEqualTo("Paris is the capital of France");
        JsonPath relevant = search(Map.of("query", "capital of France",
                "weights", Map.of("relevance", 1.0, "recency", 0.0, "frequency", 0.0, "importance", 0.0)));
        assertThat(contents(relevant).get(0)).isEqualTo("Paris is the capital of France");
    }
}
