package dev.engram.learning;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class PatternResourceTest {

    private static final String PROBLEMS = "https://engram.dev/problems/";

    @Inject
    AgroalDataSource dataSource;

    private static Response create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/patterns");
    }

    private static String createPattern(String user, String type, double confidence) {
        return create(Map.of("name", type + " pattern", "patternType", type, "userId", user, "confidence", confidence))
                .then().statusCode(201).extract().path("id");
    }

    private static Response apply(String id, boolean success) {
        return given().contentType(ContentType.JSON).body(Map.of("success", success))
                .post("/v1/patterns/" + id + "/applications");
    }

    @Test
    void shouldStoreAndReturnEveryField() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Morning summaries");
        body.put("patternType", "temporal");
        body.put("description", "The user asks for a news summary between 7 and 9");
        body.put("userId", "u-pat-" + UUID.randomUUID());
        body.put("agentId", "agent-news");
        body.put("conditions", Map.of("hourFrom", 7, "hourTo", 9));
        body.put("actions", Map.of("prefetch", "news-summary"));
        body.put("patternData", Map.of("observedDays", 12));
        body.put("confidence", 0.7);
        body.put("support", 12);
        body.put("frequency", 30);
        Response created = create(body);
        created.then().statusCode(201).header("Location", notNullValue());
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/v1/patterns/" + id);
        given().get("/v1/patterns/" + id).then().statusCode(200)
                .body("name", equalTo("Morning summaries")).body("patternType", equalTo("temporal"))
                .body("conditions.hourFrom", equalTo(7)).body("actions.prefetch", equalTo("news-summary"))
                .body("patternData.observedDays", equalTo(12)).body("confidence", equalTo(0.7f))
                .body("priorConfidence", equalTo(0.7f)).body("support", equalTo(12)).body("frequency", equalTo(30))
                .body("appliedCount", equalTo(0)).body("successCount", equalTo(0)).body("successRate", nullValue())
                .body("lastApplied", nullValue()).body("active", equalTo(true)).body("agentId", equalTo("agent-news"));
    }

    @Test
    void shouldUpdateTheStatisticsOnEachApplication() {
        String id = createPattern("u-apply-" + UUID.randomUUID(), "behavioral", 0.5);
        apply(id, true).then().statusCode(200).body("appliedCount", equalTo(1)).body("successCount", equalTo(1))
                .body("successRate", equalTo(1.0f)).body("confidence", equalTo(0.6f))
                .body("lastApplied", notNullValue());
        apply(id, false).then().statusCode(200).body("appliedCount", equalTo(2)).body("successCount", equalTo(1))
                .body("successRate", equalTo(0.5f)).body("confidence", equalTo(0.5f));
        apply(id, false).then().statusCode(200).body("appliedCount", equalTo(3))
                .body("successRate", equalTo(0.33333334f)).body("confidence", equalTo(0.42857143f));
        // a new prior confidence is combined with the recorded outcomes: (1 + 4 * 0.9) / (3 + 4)
        float confidence = given().contentType(ContentType.JSON).body(Map.of("confidence", 0.9))
                .patch("/v1/patterns/" + id).then().statusCode(200).body("priorConfidence", equalTo(0.9f))
                .body("appliedCount", equalTo(3)).extract().path("confidence");
        assertThat((double) confidence).isCloseTo((1 + 4 * 0.9) / 7, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void concurrentApplicationsShouldLoseNothing() throws Exception {
        String id = createPattern("u-concurrent-" + UUID.randomUUID(), "success", 0.5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean success = i % 4 != 0;
                results.add(pool.submit(() -> apply(id, success).statusCode()));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        // 30 successes of 40: rate 0.75, confidence (30 + 4 * 0.5) / (40 + 4)
        given().get("/v1/patterns/" + id).then().statusCode(200).body("appliedCount", equalTo(40))
                .body("successCount", equalTo(30)).body("successRate", equalTo(0.75f))
                .body("confidence", equalTo((float) (32.0 / 44)));
    }

    @Test
    void patchesDuringApplicationsShouldNeitherConflictNorLoseCounts() throws Exception {
        String id = createPattern("u-patch-apply-" + UUID.randomUUID(), "success", 0.5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                results.add(pool.submit(() -> n % 2 == 0 ? apply(id, true).statusCode()
                        : given().contentType(ContentType.JSON).body(Map.of("description", "edit " + n))
                        .patch("/v1/patterns/" + id).statusCode()));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(200); // a PATCH carries no version: no 409
            }
        } finally {
            pool.shutdown();
        }
        given().get("/v1/patterns/" + id).then().statusCode(200).body("appliedCount", equalTo(30))
                .body("successCount", equalTo(30));
    }

    @Test
    void shouldFilterAndPaginate() {
        String user = "u-filter-" + UUID.randomUUID();
        String low = createPattern(user, "preference", 0.2);
        String high = createPattern(user, "preference", 0.9);
        String error = createPattern(user, "error", 0.8);
        given().contentType(ContentType.JSON).body(Map.of("active", false)).patch("/v1/patterns/" + error)
                .then().statusCode(200).body("active", equalTo(false));

        given().queryParam("userId", user).get("/v1/patterns").then().statusCode(200)
                .body("items.id", equalTo(List.of(error, high, low)));
        given().queryParam("userId", user).queryParam("type", "preference").queryParam("minConfidence", "0.5")
                .get("/v1/patterns").then().statusCode(200).body("items.id", equalTo(List.of(high)));
        given().queryParam("userId", user).queryParam("active", "false").get("/v1/patterns").then().statusCode(200)
                .body("items.id", equalTo(List.of(error)));

        Response first = given().queryParam("userId", user).queryParam("limit", 2).get("/v1/patterns");
        first.then().statusCode(200).body("items.id", equalTo(List.of(error, high)));
        given().queryParam("userId", user).queryParam("limit", 2).queryParam("cursor", (String) first.path("nextCursor"))
                .get("/v1/patterns").then().statusCode(200).body("items.id", equalTo(List.of(low)))
                .body("nextCursor", nullValue());
    }

    @Test
    void shouldDelete() {
        String id = createPattern("u-del-" + UUID.randomUUID(), "behavioral", 0.5);
        given().delete("/v1/patterns/" + id).then().statusCode(204);
        given().get("/v1/patterns/" + id).then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"));
        given().delete("/v1/patterns/" + id).then().statusCode(404);
    }

    @Test
    void shouldAnswerProblemsForBadInput() {
        create(Map.of("name", "x", "patternType", "Bad Type")).then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "validation-failed"));
        create(Map.of("name", "x", "patternType", "error", "confidence", 1.5)).then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "validation-failed"));
        String id = createPattern("u-bad-" + UUID.randomUUID(), "error", 0.5);
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/patterns/" + id + "/applications")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
        apply(UUID.randomUUID().toString(), true).then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"));
        apply("not-a-uuid", true).then().statusCode(400).body("type", equalTo(PROBLEMS + "invalid-parameter"));
        given().queryParam("active", "maybe").get("/v1/patterns").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-parameter"));
        given().queryParam("minConfidence", "2").get("/v1/patterns").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-parameter"));
    }

    @Test
    void anotherTenantsPatternShouldBeMissing() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into learning_pattern (id, tenant_id, name, pattern_type, prior_confidence, confidence,"
                        + " created_at, updated_at) values (?, 'other-tenant', 'theirs', 'error', 0.5, 0.5, now(), now())")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
        given().get("/v1/patterns/" + id).then().statusCode(404);
        apply(id.toString(), true).then().statusCode(404);
        given().delete("/v1/patterns/" + id).then().statusCode(404);
    }
}
