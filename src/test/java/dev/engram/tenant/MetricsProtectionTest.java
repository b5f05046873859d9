package dev.engram.tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code engram.auth.protect-metrics}: /q/metrics is served by a Vert.x route, outside JAX-RS, so a JAX-RS filter never
 * saw it and the setting did nothing. Now only the operator's admin key (docs/security.md) reads metrics.
 */
@QuarkusTest
@TestProfile(MetricsProtectionTest.ProtectedMetrics.class)
class MetricsProtectionTest {

    private static final String PROBLEMS = "https://engram.dev/problems/";

    public static class ProtectedMetrics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.auth.protect-metrics", "true");
        }
    }

    @BeforeEach
    void noDefaultKey() {
        TestAuth.withoutDefaultKey();
    }

    @AfterEach
    void restoreDefaultKey() {
        TestAuth.useDefaultKey();
    }

    @Test
    void metricsShouldNeedTheOperatorsKey() {
        given().get("/q/metrics").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer")).body("type", equalTo(PROBLEMS + "unauthorized"))
                .body(org.hamcrest.Matchers.not(containsString("jvm_memory_used_bytes")));
        given().header("Authorization", "Bearer wrong-operator-key-0123456789012345678901").get("/q/metrics").then()
                .statusCode(401).body("type", equalTo(PROBLEMS + "unauthorized"));
        String tenantKey = TestAuth.newKey("mp-" + UUID.randomUUID().toString().substring(0, 8), Scope.values());
        given().header("Authorization", "Bearer " + tenantKey).get("/q/metrics").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "forbidden"));
        given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY).get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void healthAndOpenApiShouldStayOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
