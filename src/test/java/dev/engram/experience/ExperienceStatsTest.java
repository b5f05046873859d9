package dev.engram.experience;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Tenant-wide statistics, in a tenant of its own so that other tests' experiences do not count. */
@QuarkusTest
@TestProfile(ExperienceStatsTest.OwnTenant.class)
class ExperienceStatsTest {

    public static class OwnTenant implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.tenant.default-tenant", "experience-stats-" + UUID.randomUUID());
        }
    }

    private static void record(String subject, String type, String prompt, boolean success, boolean verified,
                               Duration ago) {
        given().contentType(ContentType.JSON).body(Map.of("subject", subject, "issueType", type,
                        "description", "fixture " + type, "prompt", prompt, "success", success, "verified", verified,
                        "actions", List.of("restart"), "occurredAt", Instant.now().minus(ago).toString()))
                .post("/v1/experiences").then().statusCode(201);
    }

    @Test
    void shouldCountTotalsSubjectsIssueTypesAndTheLastSevenDays() {
        given().get("/v1/experiences/stats").then().statusCode(200).body("totalExperiences", equalTo(0))
                .body("successRate", equalTo(0.0f));
        record("gemma-2-9b", "x", "p1", true, true, Duration.ofHours(1));
        record("gemma-2-9b", "x", "p1", false, false, Duration.ofHours(2));
        record("gemma-2-9b", "y", "p1", true, true, Duration.ofDays(10));
        record("phi-3-mini", "x", "p2", true, false, Duration.ofDays(1));
        record("phi-3-mini", "y", "p2", false, false, Duration.ofDays(3));

        given().get("/v1/experiences/stats").then().statusCode(200)
                .body("totalExperiences", equalTo(5)).body("successes", equalTo(3)).body("failures", equalTo(2))
                .body("verified", equalTo(2)).body("successRate", equalTo(0.6f))
                .body("subjectCount", equalTo(2)).body("issueTypeCount", equalTo(2)).body("issuePatternCount", equalTo(4))
                .body("subjects.name", equalTo(List.of("gemma-2-9b", "phi-3-mini")))
                .body("subjects.attempts", equalTo(List.of(3, 2))).body("subjects.successes", equalTo(List.of(2, 1)))
                .body("issueTypes.name", equalTo(List.of("x", "y")))
                .body("issueTypes.attempts", equalTo(List.of(3, 2))).body("issueTypes.successes", equalTo(List.of(2, 1)))
                .body("recentActivity.attempts", equalTo(4)).body("recentActivity.successes", equalTo(2))
                .body("recentActivity.successRate", equalTo(0.5f));

        given().get("/v1/experiences/strategies").then().statusCode(200)
                .body("issueTypes.issueType", equalTo(List.of("x", "y")))
                .body("issueTypes[0].actions[0].action", equalTo("restart"))
                .body("issueTypes[0].actions[0].successes", equalTo(2));
        given().get("/v1/experiences/patterns").then().statusCode(200).body("size()", equalTo(4))
                .body("[0].attempts", equalTo(2)).body("[0].confidence", equalTo(0.2f));
    }
}
