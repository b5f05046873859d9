package dev.engram.session;

import dev.engram.testing.TestServices;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Redis stops: short-term answers 503 quickly, long-term keeps working, and all recovers when Redis returns. */
@QuarkusTest
class RedisOutageTest {

    @Test
    void shortTermShouldFailFastWhileLongTermKeepsWorking() throws InterruptedException {
        assumeThat(TestServices.ownsRedis()).as("needs the suite's own Redis").isTrue();
        String session = "outage-" + UUID.randomUUID();
        Map<String, Object> turn = Map.of("messages", List.of(Map.of("role", "user", "content", "hello")));
        given().contentType(ContentType.JSON).body(turn).post("/v1/sessions/" + session + "/messages")
                .then().statusCode(200);
        TestServices.stopRedis();
        try {
            long started = System.nanoTime();
            given().contentType(ContentType.JSON).body(turn).post("/v1/sessions/" + session + "/messages")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("https://engram.dev/problems/short-term-unavailable"))
                    .header("Retry-After", notNullValue());
            assertThat((System.nanoTime() - started) / 1_000_000).as("answered within the bounded timeout")
                    .isLessThan(5_000);
            given().get("/v1/sessions/" + session).then().statusCode(503);
            given().get("/v1/cache/anything").then().statusCode(503);

            given().contentType(ContentType.JSON).body(Map.of("content", "written while Redis is down"))
                    .post("/v1/memories").then().statusCode(201);
            given().contentType(ContentType.JSON).body(Map.of("query", "written while Redis is down"))
                    .post("/v1/memories/search").then().statusCode(200)
                    .body("hits[0].memory.content", equalTo("written while Redis is down"));
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'redis' }.data.reachable", equalTo(false));
        } finally {
            TestServices.startRedis();
        }
        int status = 0;
        for (int attempt = 0; attempt < 40 && status != 200; attempt++) {
            status = given().contentType(ContentType.JSON).body(turn).post("/v1/sessions/" + session + "-after/messages")
                    .statusCode();
            if (status != 200) {
                Thread.sleep(250);
            }
        }
        assertThat(status).isEqualTo(200);
        given().get("/q/health/ready").then().body("checks.find { it.name == 'redis' }.data.reachable", equalTo(true));
    }
}
