package dev.engram.platform;

import dev.engram.testing.TestServices;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** PostgreSQL stops: requests answer 503 database-unavailable with Retry-After; after it returns, all works again. */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void shouldAnswer503WhileDownAndRecoverWithoutRestart() throws InterruptedException {
        assumeThat(TestServices.ownsPostgres()).as("needs the suite's own PostgreSQL").isTrue();
        String user = "outage-" + UUID.randomUUID();
        String before = given().contentType(ContentType.JSON).body(Map.of("content", "stored before", "userId", user))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        TestServices.stopPostgres();
        try {
            given().contentType(ContentType.JSON).body(Map.of("content", "during outage", "userId", user))
                    .post("/v1/memories").then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("https://engram.dev/problems/database-unavailable"))
                    .header("Retry-After", notNullValue());
            given().get("/v1/memories/" + before).then().statusCode(503)
                    .body("type", equalTo("https://engram.dev/problems/database-unavailable"));
            given().contentType(ContentType.JSON).body(Map.of("query", "stored")).post("/v1/memories/search")
                    .then().statusCode(503);
        } finally {
            TestServices.startPostgres();
        }
        int status = 0;
        for (int attempt = 0; attempt < 40 && status != 201; attempt++) {
            status = given().contentType(ContentType.JSON).body(Map.of("content", "stored after", "userId", user))
                    .post("/v1/memories").statusCode();
            if (status != 201) {
                Thread.sleep(250);
            }
        }
        assertThat(status).isEqualTo(201);
        given().get("/v1/memories/" + before).then().statusCode(200).body("content", equalTo("stored before"));
    }

    /**
     * A restart that no request notices (a failover, say) leaves every idle pooled connection dead. The readiness
     * check validates one idle connection per call, so without background validation it answered DOWN once per dead
     * connection: a pod without traffic stayed out of its Service for many probe periods.
     */
    @Test
    void shouldBeReadyAgainAfterAQuietRestartWithoutAnyRequest() throws Exception {
        assumeThat(TestServices.ownsPostgres()).as("needs the suite's own PostgreSQL").isTrue();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var searches = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            String nobody = "nobody-" + UUID.randomUUID(); // no hits: no access counts to flush after the restart
            for (int i = 0; i < 12; i++) { // several connections become idle members of the pool
                searches.add(pool.submit(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("query", "warm", "userId", nobody)).post("/v1/memories/search").statusCode()));
            }
            for (var search : searches) {
                assertThat(search.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        given().get("/q/health/ready").then().statusCode(200);
        TestServices.stopPostgres();
        TestServices.startPostgres();
        Thread.sleep(12_000); // > background-validation-interval (10 s); no request reaches the pool meanwhile
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
