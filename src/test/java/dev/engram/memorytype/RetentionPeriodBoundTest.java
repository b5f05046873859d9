package dev.engram.memorytype;

import dev.engram.platform.Problem;
import dev.engram.platform.ProblemType;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A memory type's retention period is at most 1000 years. Found by the fuzz audit: {@code P3000000D} (and anything up
 * to {@code P99999999999D}) was accepted, after which the tenant's {@code GET /v1/health/memory} was a 500 (timestamp
 * out of range) and every cleanup failed in its retention step.
 */
@QuarkusTest
class RetentionPeriodBoundTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String key = TestAuth.newKey("retention-" + run, Scope.READ, Scope.WRITE, Scope.ADMIN);

    private RequestSpecification as() {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    @Test
    void aPeriodOverAThousandYearsIsRefusedAndTheLongestAllowedOneKeepsHealthAndCleanupWorking() {
        for (String period : List.of("P3000000D", "P99999999999D", "P365251D", "PT31557600001S")) {
            as().body(Map.of("code", "long-" + run, "name", "Long", "retentionPeriod", period))
                    .post("/v1/memory-types").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(ProblemType.BASE + "validation-failed"))
                    .body("violations[0].field", equalTo("retentionPeriod"))
                    .body("violations[0].message", containsString("at most 1000 years"));
        }
        as().get("/v1/memory-types/long-" + run).then().statusCode(404);

        as().body(Map.of("code", "long-" + run, "name", "Long", "retentionPeriod", "P365250D"))
                .post("/v1/memory-types").then().statusCode(201).body("retentionPeriod", equalTo("P365250D"));
        as().body(Map.of("retentionPeriod", "P3000000D")).patch("/v1/memory-types/long-" + run).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo(ProblemType.BASE + "validation-failed"))
                .body("violations[0].field", equalTo("retentionPeriod"));
        as().get("/v1/memory-types/long-" + run).then().statusCode(200).body("retentionPeriod", equalTo("P365250D"));
        // a built-in type's override is bounded too
        as().body(Map.of("retentionPeriod", "P3000000D")).patch("/v1/memory-types/episodic").then().statusCode(400)
                .body("type", equalTo(ProblemType.BASE + "validation-failed"));

        String id = as().body(Map.of("content", "kept for a very long time", "type", "long-" + run))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        as().get("/v1/health/memory").then().statusCode(200);
        as().queryParam("dryRun", true).post("/v1/maintenance/cleanup").then().statusCode(201)
                .body("success", equalTo(true)).body("details.retention", equalTo(0));
        as().post("/v1/maintenance/cleanup").then().statusCode(201).body("success", equalTo(true));
        as().get("/v1/memories/" + id).then().statusCode(200);
    }

    @Test
    void anImportRefusesAPeriodOverAThousandYears() {
        String body = String.join("\n",
                "{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1,\"embeddingModel\":\"m\"}",
                "{\"kind\":\"memory_type\",\"data\":{\"code\":\"imported-" + run + "\",\"name\":\"i\","
                        + "\"retentionPeriod\":\"P3000000D\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                        + "\"updatedAt\":\"2026-01-01T00:00:00Z\"}}");
        as().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8)).post("/v1/import")
                .then().statusCode(200).body("rejectedCount", equalTo(1))
                .body("rejected[0].reason", containsString("at most 1000 years"));
        as().get("/v1/memory-types/imported-" + run).then().statusCode(404);
    }
}
