package dev.engram.idempotency;

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
import static org.hamcrest.Matchers.nullValue;

/** A 5xx answer is not stored: once the fault is gone, the retry with the same key runs again (and only once). */
@QuarkusTest
class IdempotencyOutageTest {

    @Test
    void aServerErrorShouldNotBeStoredSoTheRetryRunsAgain() throws InterruptedException {
        assumeThat(TestServices.ownsRedis()).as("needs the suite's own Redis").isTrue();
        String session = "idem-outage-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> turn = Map.of("messages", List.of(Map.of("role", "user", "content", "hello")));
        TestServices.stopRedis();
        try {
            given().header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON).body(turn)
                    .post("/v1/sessions/" + session + "/messages").then().statusCode(503)
                    .body("type", equalTo("https://engram.dev/problems/short-term-unavailable"));
        } finally {
            TestServices.startRedis();
        }
        int status = 0;
        for (int attempt = 0; attempt < 40 && status != 200; attempt++) {
            status = given().header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON).body(turn)
                    .post("/v1/sessions/" + session + "/messages").then().extract().statusCode();
            if (status != 200) {
                assertThat(status).as("still failing, never a stored 503 replayed").isEqualTo(503);
                Thread.sleep(250);
            }
        }
        assertThat(status).isEqualTo(200);
        given().header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON).body(turn)
                .post("/v1/sessions/" + session + "/messages").then().statusCode(200)
                .header(IdempotencyFilter.REPLAYED_HEADER, "true").body("lastSeq", equalTo(1));
        given().get("/v1/sessions/" + session).then().statusCode(200).body("turnCount", equalTo(1))
                .header(IdempotencyFilter.REPLAYED_HEADER, nullValue());
    }
}
