package dev.engram.memory;

import dev.engram.platform.Problem;
import dev.engram.platform.ProblemType;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
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
import static org.hamcrest.Matchers.equalTo;

/**
 * A PATCH keeps what it replaces: {@code GET /v1/memories/{id}/revisions} lists the memory as it was before each
 * change, newest first, at most {@code engram.memory.max-revisions} (20) of them; they go with the memory.
 */
@QuarkusTest
class MemoryRevisionsTest {

    @Inject
    AgroalDataSource db;

    private static String create(String content) {
        return given().contentType(ContentType.JSON).body(Map.of("content", content, "userId", "rev-user"))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
    }

    private static void patch(String id, Map<String, Object> change, long ifMatch) {
        given().contentType(ContentType.JSON).header("If-Match", "\"" + ifMatch + "\"").body(change)
                .patch("/v1/memories/" + id).then().statusCode(200).body("version", equalTo((int) ifMatch + 1));
    }

    private static JsonPath revisions(String id, String query) {
        return given().get("/v1/memories/" + id + "/revisions" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void eachPatchKeepsTheMemoryAsItWasNewestFirst() {
        String id = create("Alice lives in Lisbon");
        assertThat(revisions(id, "").getList("items")).as("a new memory has no earlier version").isEmpty();

        patch(id, Map.of("content", "Alice moved to Porto in May"), 0);
        patch(id, Map.of("importance", 0.9, "title", "Where Alice lives"), 1);

        JsonPath page = revisions(id, "");
        assertThat(page.getString("memoryId")).isEqualTo(id);
        assertThat(page.getList("items.version", Integer.class)).containsExactly(1, 0);
        assertThat(page.getString("items[0].memory.content")).isEqualTo("Alice moved to Porto in May");
        assertThat(page.getString("items[0].memory.title")).isNull();
        assertThat(page.getDouble("items[0].memory.importance")).isEqualTo(0.5);
        assertThat(page.getString("items[1].memory.content")).isEqualTo("Alice lives in Lisbon");
        assertThat(page.getInt("items[1].memory.version")).isZero();
        assertThat(page.getString("items[1].memory.id")).isEqualTo(id);
        assertThat(page.getString("items[0].replacedAt")).isGreaterThanOrEqualTo(page.getString("items[1].replacedAt"));
        assertThat(page.getString("nextCursor")).isNull();
        given().get("/v1/memories/" + id).then().statusCode(200).body("version", equalTo(2))
                .body("content", equalTo("Alice moved to Porto in May")).body("title", equalTo("Where Alice lives"));

        // pages of one, older ones through the cursor
        JsonPath first = revisions(id, "?limit=1");
        assertThat(first.getList("items.version", Integer.class)).containsExactly(1);
        JsonPath second = revisions(id, "?limit=1&cursor=" + first.getString("nextCursor"));
        assertThat(second.getList("items.version", Integer.class)).containsExactly(0);
        assertThat(second.getString("nextCursor")).isNull();

        // a PATCH that changes nothing keeps nothing (it still counts as a write: version 3)
        patch(id, Map.of("importance", 0.9, "title", "Where Alice lives"), 2);
        assertThat(revisions(id, "").getList("items.version", Integer.class)).containsExactly(1, 0);

        // a refused PATCH (stale If-Match) keeps nothing
        given().contentType(ContentType.JSON).header("If-Match", "\"0\"").body(Map.of("importance", 0.1))
                .patch("/v1/memories/" + id).then().statusCode(412);
        assertThat(revisions(id, "").getList("items")).hasSize(2);
    }

    @Test
    void atMostTwentyAreKeptTheOldestDroppedFirst() {
        String id = create("Bob's favourite colour is green");
        for (int v = 0; v < 23; v++) {
            patch(id, Map.of("importance", 0.01 * (v + 1)), v);
        }
        List<Integer> versions = new ArrayList<>();
        String cursor = "";
        do {
            JsonPath page = revisions(id, "?limit=7" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            versions.addAll(page.getList("items.version", Integer.class));
            cursor = page.getString("nextCursor") == null ? "" : page.getString("nextCursor");
        } while (!cursor.isEmpty());
        List<Integer> expected = new ArrayList<>();
        for (int v = 22; v >= 3; v--) {
            expected.add(v);
        }
        assertThat(versions).isEqualTo(expected);
    }

    @Test
    void revisionsGoWithTheirMemory() throws Exception {
        String id = create("Carol's flight leaves at 7am");
        patch(id, Map.of("content", "Carol's flight leaves at 9am"), 0);
        assertThat(rows(id)).isEqualTo(1);

        given().delete("/v1/memories/" + id).then().statusCode(204);
        assertThat(rows(id)).isZero();
        given().get("/v1/memories/" + id + "/revisions").then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.BASE + "not-found"));
    }

    @Test
    void badRequestsAreProblems() {
        given().get("/v1/memories/" + UUID.randomUUID() + "/revisions").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo(ProblemType.BASE + "not-found"));
        given().get("/v1/memories/not-a-uuid/revisions").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        String id = create("Dave takes his coffee black");
        given().get("/v1/memories/" + id + "/revisions?cursor=abc").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo(ProblemType.BASE + "invalid-parameter"));
        given().get("/v1/memories/" + id + "/revisions?limit=0").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo(ProblemType.BASE + "invalid-parameter"));
    }

    private long rows(String memoryId) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from memory_revision where memory_id = ?::uuid")) {
            ps.setString(1, memoryId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
