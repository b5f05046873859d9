package dev.engram.graph;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.graph.AssociationResourceTest.associate;
import static dev.engram.graph.AssociationResourceTest.memory;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Contextual retrieval: search hits expanded through the graph A→B→C→A (causes), plus a symmetric D–A edge. */
@QuarkusTest
class GraphSearchTest {

    private String user;
    private String a;
    private String b;
    private String c;
    private String d;
    private String other;
    private String ab;

    @BeforeEach
    void graph() {
        user = "graph-search-" + UUID.randomUUID();
        a = memory(user, "The nightly backup job crashed with an out-of-memory error");
        b = memory(user, "The marketing team launched a spring campaign");
        c = memory(user, "Grandma's apple pie recipe uses cinnamon");
        d = memory(user, "Volcanoes in Iceland erupted twice this year");
        other = given().contentType(ContentType.JSON).body(Map.of("content", "Someone else's note about chess openings",
                "userId", user + "-other")).post("/v1/memories").then().statusCode(201).extract().path("id");
        ab = associate(a, b, "causes", 0.9);
        associate(b, c, "causes", 0.8);
        associate(c, a, "causes", 0.9);
        associate(d, a, "related", 0.3); // symmetric: followed from A back to D
        associate(a, other, "causes", 1.0); // another user's memory: never returned to this user's search
    }

    private JsonPath search(Boolean includeRelated, Integer maxDepth) {
        Map<String, Object> body = new HashMap<>(Map.of("query", "backup job crashed out of memory", "userId", user,
                "limit", 1));
        if (includeRelated != null) {
            body.put("includeRelated", includeRelated);
        }
        if (maxDepth != null) {
            body.put("maxDepth", maxDepth);
        }
        return given().contentType(ContentType.JSON).body(body).post("/v1/memories/search")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void withoutIncludeRelatedTheResponseHasNoRelatedMember() {
        for (Boolean flag : new Boolean[]{null, false}) {
            JsonPath r = search(flag, null);
            assertThat(r.getMap("")).containsOnlyKeys("hits", "mode", "model", "tookMillis");
            assertThat(r.getList("hits.memory.id")).containsExactly(a);
        }
    }

    @Test
    void depthOneReturnsDirectNeighboursWithTheirPath() {
        JsonPath r = search(true, null);
        assertThat(r.getList("hits.memory.id")).containsExactly(a);
        double hit = r.getDouble("hits[0].score");
        assertThat(r.getList("related.memory.id")).containsExactly(b, d);
        assertThat(r.getDouble("related[0].score")).isCloseTo(hit * 0.9 * 0.7, within(1e-6));
        assertThat(r.getString("related[0].path.fromHitId")).isEqualTo(a);
        assertThat(r.getInt("related[0].path.depth")).isEqualTo(1);
        assertThat(r.getList("related[0].path.types")).containsExactly("causes");
        assertThat(r.getList("related[0].path.memoryIds")).containsExactly(a, b);
        assertThat(r.getDouble("related[1].score")).isCloseTo(hit * 0.3 * 0.7, within(1e-6));
        assertThat(r.getList("related[1].path.types")).containsExactly("related");
        assertThat(r.getList("related[1].path.memoryIds")).containsExactly(a, d);
    }

    @Test
    void depthTwoAddsTheNextLinkDecayedAndNeverLoopsBack() {
        JsonPath two = search(true, 2);
        double hit = two.getDouble("hits[0].score");
        // C (depth 2: 0.9 × 0.7 × 0.8 × 0.7 = 0.353 of the hit) ranks above D (depth 1: 0.3 × 0.7 = 0.21)
        assertThat(two.getList("related.memory.id")).containsExactly(b, c, d);
        assertThat(two.getDouble("related[1].score")).isCloseTo(hit * 0.9 * 0.7 * 0.8 * 0.7, within(1e-6));
        assertThat(two.getInt("related[1].path.depth")).isEqualTo(2);
        assertThat(two.getList("related[1].path.types")).containsExactly("causes", "causes");
        assertThat(two.getList("related[1].path.memoryIds")).containsExactly(a, b, c);
        assertThat(two.getList("related.score", Double.class)).isSortedAccordingTo((x, y) -> Double.compare(y, x));

        JsonPath three = search(true, 3); // C→A closes the cycle: A is the hit, nothing new
        assertThat(three.getList("related.memory.id")).containsExactly(b, c, d);
    }

    @Test
    void shouldRejectADepthOutOfRange() {
        given().contentType(ContentType.JSON).body(Map.of("query", "x", "includeRelated", true, "maxDepth", 4))
                .post("/v1/memories/search").then().statusCode(400)
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("maxDepth"));
    }

    @Test
    void followedAssociationsAreCounted() throws InterruptedException {
        search(true, 1);
        int usage = 0;
        for (int attempt = 0; attempt < 50 && usage < 1; attempt++) {
            Thread.sleep(200);
            usage = given().get("/v1/associations/" + ab).then().statusCode(200).extract().path("usageCount");
        }
        assertThat(usage).isEqualTo(1);
        assertThat(given().get("/v1/associations/" + ab).then().extract().<String>path("lastUsed")).isNotNull();
        List<Integer> cOut = given().get("/v1/memories/" + c + "/associations?direction=out").then().extract()
                .path("items.usageCount");
        assertThat(cOut).containsOnly(0); // C→A was not on any returned path
    }
}
