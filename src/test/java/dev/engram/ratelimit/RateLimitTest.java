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
