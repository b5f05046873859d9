package dev.engram.ratelimit;

import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestProfile(RateLimitTest.TinyLimit.class)
class RateLimitTest {

    public static class TinyLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.rate-limit.requests-per-second", "0.2", "engram.rate-limit.burst", "3");
        }
    }

    private static io.restassured.response.ValidatableResponse mcp(String key) {
        return given().header("Authorization", "Bearer " + key).accept("application/json, text/event-stream")
                .contentType("application/json").body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"))
                .post("/mcp").then();
    }

    @Test
    void theMcpEndpointDrawsOnTheKeysOwnBucket() {
        mcp(TestAuth.newKey("rl-" + UUID.randomUUID().toString().substring(0, 8), Scope.READ)).statusCode(200); // warm
        String key = TestAuth.newKey("rl-" + UUID.randomUUID().toString().substring(0, 8), Scope.READ);
        for (int i = 0; i < 3; i++) {
            mcp(key).statusCode(200);
        }
        mcp(key).statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("https://engram.dev/problems/rate-limited")).header("Retry-After", notNullValue());
        // one bucket per key, whichever door a call comes through
        given().header("Authorization", "Bearer " + key).get("/v1/memory-types").then().statusCode(429);
    }

    @Test
    void aKeyOverItsLimitShouldGet429WithRetryAfterWhileOtherKeysPass() throws InterruptedException {
        String key = TestAuth.newKey("rl-" + UUID.randomUUID().toString().substring(0, 8), Scope.READ);
        String other = TestAuth.newKey("rl-" + UUID.randomUUID().toString().substring(0, 8), Scope.READ);
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + key).get("/v1/memory-types").then().statusCode(200);
        }
        String retryAfter = given().header("Authorization", "Bearer " + key).get("/v1/memory-types").then()
                .statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("https://engram.dev/problems/rate-limited"))
                .header("Retry-After", notNullValue()).extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 5);
        given().header("Authorization", "Bearer " + other).get("/v1/memory-types").then().statusCode(200);

        Thread.sleep(Integer.parseInt(retryAfter) * 1000L + 100);
        given().header("Authorization", "Bearer " + key).get("/v1/memory-types").then().statusCode(200);
        assertThat(given().get("/q/metrics").asString()).containsPattern("engram_rate_limit_rejected_total [1-9]");
    }
}
