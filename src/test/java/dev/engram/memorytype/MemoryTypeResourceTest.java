package dev.engram.memorytype;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class MemoryTypeResourceTest {

    @Test
    void shouldSeedTheSixBuiltInTypes() {
        given().get("/v1/memory-types").then().statusCode(200)
                .body("code", hasItems("episodic", "semantic", "preference", "procedural", "emotional", "contextual"))
                .body("find { it.code == 'episodic' }.builtIn", equalTo(true))
                .body("find { it.code == 'episodic' }.retentionPeriod", equalTo("P90D"));
    }

    @Test
    void shouldCreateUseAndDeleteACustomType() {
        String code = "insight-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "Insight", "description", "Derived conclusions",
                        "retentionPeriod", "P365D", "maxCapacity", 5000, "priority", 7))
                .post("/v1/memory-types").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/memory-types/" + code))
                .body("retentionPeriod", equalTo("P365D")).body("builtIn", equalTo(false));
        String id = given().contentType(ContentType.JSON).body(Map.of("content", "Users churn after price rises", "type", code))
                .post("/v1/memories").then().statusCode(201).body("type", equalTo(code)).extract().path("id");
        // in use: cannot be deleted
        given().delete("/v1/memory-types/" + code).then().statusCode(409);
        // deactivated: rejected on write
        given().contentType(ContentType.JSON).body(Map.of("active", false)).patch("/v1/memory-types/" + code)
                .then().statusCode(200).body("active", equalTo(false));
        given().contentType(ContentType.JSON).body(Map.of("content", "another", "type", code)).post("/v1/memories")
                .then().statusCode(400).body("type", equalTo("https://engram.dev/problems/unknown-memory-type"));
        given().delete("/v1/memories/" + id).then().statusCode(204);
        given().delete("/v1/memory-types/" + code).then().statusCode(204);
        given().get("/v1/memory-types/" + code).then().statusCode(404);
    }

    @Test
    void shouldOverrideABuiltInTypeAndRevert() {
        given().contentType(ContentType.JSON).body(Map.of("retentionPeriod", "P10D"))
                .patch("/v1/memory-types/emotional").then().statusCode(200)
                .body("retentionPeriod", equalTo("P10D")).body("builtIn", equalTo(false));
        given().get("/v1/memory-types/emotional").then().body("retentionPeriod", equalTo("P10D"));
        given().delete("/v1/memory-types/emotional").then().statusCode(204);
        given().get("/v1/memory-types/emotional").then().body("retentionPeriod", equalTo("P180D"))
                .body("builtIn", equalTo(true));
        given().get("/v1/memory-types").then().body("findAll { it.code == 'emotional' }.size()", equalTo(1));
    }

    @Test
    void shouldRejectARetentionPeriodThatIsNotWholeSeconds() {
        for (String period : List.of("PT0.5S", "PT1.9S")) {
            given().contentType(ContentType.JSON).body(Map.of("code", "sub-" + UUID.randomUUID().toString()
                    .substring(0, 8), "name", "x", "retentionPeriod", period)).post("/v1/memory-types")
                    .then().statusCode(400).body("type", equalTo("https://engram.dev/problems/validation-failed"))
                    .body("violations.field", equalTo(List.of("retentionPeriod")));
            given().contentType(ContentType.JSON).body(Map.of("retentionPeriod", period))
                    .patch("/v1/memory-types/emotional").then().statusCode(400);
        }
        given().get("/v1/memory-types/emotional").then().body("retentionPeriod", equalTo("P180D"));
    }

    /** The same requests from {@code threads} threads at once; their status codes. */
    private static List<Integer> concurrently(int threads, java.util.function.Supplier<Integer> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> call : calls) {
                out.add(call.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCreatesOfOneCodeShouldMakeOneTypeAndConflictsNever500() throws Exception {
        for (int round = 0; round < 5; round++) {
            String code = "race-" + UUID.randomUUID().toString().substring(0, 8);
            List<Integer> statuses = concurrently(6, () -> given().contentType(ContentType.JSON)
                    .body(Map.of("code", code, "name", "Race")).post("/v1/memory-types").statusCode());
            assertThat(statuses).as(code).containsOnly(201, 409).containsOnlyOnce(201);
        }
    }

    @Test
    void concurrentPatchesOfABuiltInTypeShouldAllApply() throws Exception {
        for (int round = 0; round < 5; round++) {
            String key = TestAuth.newKey("types-race-" + UUID.randomUUID(), Scope.READ, Scope.WRITE, Scope.ADMIN);
            List<Integer> statuses = concurrently(6, () -> given().header("Authorization", "Bearer " + key)
                    .contentType(ContentType.JSON).body(Map.of("priority", 3)).patch("/v1/memory-types/episodic")
                    .statusCode());
            assertThat(statuses).containsOnly(200);
            given().header("Authorization", "Bearer " + key).get("/v1/memory-types/episodic").then()
                    .body("priority", equalTo(3)).body("builtIn", equalTo(false));
        }
    }

    @Test
    void shouldRejectABadCode() {
        given().contentType(ContentType.JSON).body(Map.of("code", "Bad Code!", "name", "x")).post("/v1/memory-types")
                .then().statusCode(400).body("violations.field", equalTo(List.of("code")));
    }
}
