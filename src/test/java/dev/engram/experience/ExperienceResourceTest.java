package dev.engram.experience;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ExperienceResourceTest {

    private static final String PROBLEMS = "https://engram.dev/problems/";
    private static final String PROMPT = "Summarise the quarterly sales report in three bullet points for the board of directors.";
    private static final String RETRY = "retry with temperature 0.2";
    private static final String SYSTEM = "add system prompt";

    @Inject
    AgroalDataSource dataSource;

    private static Map<String, Object> experience(String subject, String issueType, String prompt, int responseLength,
                                                  boolean success, Duration ago, List<String> actions) {
        Map<String, Object> body = new HashMap<>();
        body.put("subject", subject);
        body.put("issueType", issueType);
        body.put("description", "The model returned an empty answer to a summary request");
        body.put("prompt", prompt);
        body.put("response", "x".repeat(responseLength));
        body.put("actor", "claude");
        body.put("actions", actions);
        body.put("success", success);
        body.put("occurredAt", Instant.now().minus(ago).truncatedTo(ChronoUnit.MILLIS).toString());
        return body;
    }

    private static JsonPath record(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/experiences").then().statusCode(201)
                .extract().jsonPath();
    }

    private static String id(Map<String, Object> body) {
        return record(body).getString("id");
    }

    @Test
    void shouldRecordAnExperienceWithItsSignature() {
        String subject = "llama-3.1-8b-instruct-" + UUID.randomUUID();
        Map<String, Object> body = experience(subject, "Empty_Response", PROMPT, 42, true, Duration.ZERO, List.of(RETRY));
        body.put("analysis", "max_tokens was 0");
        body.put("verified", true);
        body.put("durationSeconds", 12.5);
        body.put("environment", Map.of("gpu", "A100", "vllm", "0.6.1"));
        body.put("notes", "fixed on the first try");
        Response created = given().contentType(ContentType.JSON).body(body).post("/v1/experiences");
        created.then().statusCode(201).header("Location", notNullValue());
        String id = created.path("id");
        String expected = new IssueSignaturePolicy(IssueSignaturePolicy.ALL_PARTS, 50, 100)
                .signature("empty_response", subject, PROMPT, 42);
        given().get("/v1/experiences/" + id).then().statusCode(200)
                .body("subject", equalTo(subject)).body("subjectFamily", equalTo("llama"))
                .body("issueType", equalTo("empty_response")).body("signature", equalTo(expected))
                .body("responseLength", equalTo(42)).body("actions", equalTo(List.of(RETRY)))
                .body("success", equalTo(true)).body("verified", equalTo(true)).body("durationSeconds", equalTo(12.5f))
                .body("environment.gpu", equalTo("A100")).body("analysis", equalTo("max_tokens was 0"))
                .body("notes", equalTo("fixed on the first try")).body("actor", equalTo("claude"))
                .body("embeddingModel", equalTo("all-minilm-l6-v2-q"));
    }

    @Test
    void signaturesShouldBeStableAcrossWritesAndPromptTails() {
        String type = "sig-" + UUID.randomUUID().toString().substring(0, 8);
        String base = record(experience("mistral-7b", type, PROMPT, 42, true, Duration.ZERO, List.of())).getString("signature");
        assertThat(record(experience("mistral-7b", type, PROMPT, 42, false, Duration.ZERO, List.of()))
                .getString("signature")).isEqualTo(base);
        assertThat(record(experience("Mistral-7B-v0.3", type, PROMPT.replace("board of directors", "team"), 99, false,
                Duration.ZERO, List.of())).getString("signature")).isEqualTo(base);
        assertThat(record(experience("mistral-7b", type, PROMPT, 142, false, Duration.ZERO, List.of()))
                .getString("signature")).isNotEqualTo(base);
    }

    @Test
    void shouldAggregateIssuePatternsAndRankSimilarExperiencesInBuckets() {
        String uid = UUID.randomUUID().toString().substring(0, 8);
        String type = "empty-" + uid;
        String other = "other-" + uid;
        String s1 = "llama-3.1-8b-" + uid;
        String s2 = "llama-3.2-1b-" + uid;
        String s3 = "qwen2.5-7b-" + uid;
        String e1 = id(experience(s1, type, PROMPT, 42, false, Duration.ofHours(3), List.of(RETRY)));
        String e2 = id(experience(s1, type, PROMPT + " Keep it short.", 60, true, Duration.ofHours(5), List.of(RETRY)));
        String e3 = id(experience(s2, type, PROMPT, 10, true, Duration.ofHours(1), List.of(RETRY, SYSTEM)));
        String e10 = id(experience(s2, type, PROMPT, 5, true, Duration.ofHours(8), List.of(RETRY)));
        String e4 = id(experience(s1, type, "Translate the quarterly report into German.", 42, true, Duration.ofHours(2),
                List.of(RETRY)));
        String e5 = id(experience(s1, type, PROMPT, 250, false, Duration.ofHours(1), List.of(SYSTEM)));
        String e6 = id(experience(s3, type, PROMPT, 42, false, Duration.ofHours(1), List.of("shorten prompt")));
        String e7 = id(experience(s3, type, "Write a limerick about cats.", 42, true, Duration.ofHours(6), List.of(SYSTEM)));
        Map<String, Object> similar = experience(s1, other, "Ask for a summary of the report", 42, true,
                Duration.ofHours(4), List.of("increase max_tokens"));
        similar.put("description", "The model gave an empty reply when asked to summarise a report");
        String e8 = id(similar);
        Map<String, Object> unrelated = experience(s3, other, "Save the weights", 42, false, Duration.ofHours(4), List.of());
        unrelated.put("description", "Disk quota exceeded while saving model checkpoints to the shared volume");
        String e9 = id(unrelated);

        String signature = given().queryParam("issueType", type).get("/v1/experiences/patterns").then().statusCode(200)
                .body("", hasSize(5)).body("[0].attempts", equalTo(4)).body("[0].successCount", equalTo(3))
                .body("[0].failureCount", equalTo(1)).body("[0].successRate", equalTo(0.75f))
                .body("[0].bestFix", equalTo(List.of(RETRY))).body("[0].bestFixSuccesses", equalTo(2))
                .body("[0].confidence", equalTo(0.4f)).body("[0].subjectFamily", equalTo("llama"))
                .body("[1].attempts", equalTo(1)).extract().path("[0].signature");

        Map<String, Object> query = new HashMap<>();
        query.put("subject", s1);
        query.put("issueType", type.toUpperCase());
        query.put("prompt", PROMPT);
        query.put("response", "y".repeat(42));
        query.put("description", "The model returned an empty answer to a summary request");
        // other tests of this tenant store the same description: a larger bucket keeps e8 among the nearest
        query.put("limit", 20);
        JsonPath result = given().contentType(ContentType.JSON).body(query).post("/v1/experiences/similar")
                .then().statusCode(200).extract().jsonPath();
        assertThat(result.getString("signature")).isEqualTo(signature);
        assertThat(result.getList("exact.experience.id")).containsExactly(e3, e2, e10, e1);
        assertThat(result.getList("subject.experience.id")).containsExactly(e4, e5);
        assertThat(result.getList("type.experience.id")).containsExactly(e7, e6);
        List<String> semantic = result.getList("semantic.experience.id");
        assertThat(semantic).contains(e8).doesNotContain(e9);
        List<Boolean> semanticSuccess = result.getList("semantic.experience.success");
        assertThat(semanticSuccess).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<Object> all = new ArrayList<>();
        for (String bucket : List.of("exact", "subject", "type", "semantic")) {
            all.addAll(result.getList(bucket + ".experience.id"));
        }
        assertThat(all).doesNotHaveDuplicates();
        assertThat(result.getList("exact.similarity")).containsOnlyNulls();
        assertThat(result.getFloat("semantic.find { it.experience.id == '" + e8 + "' }.similarity")).isGreaterThan(0.5f);

        given().contentType(ContentType.JSON).body(Map.of("subject", s1, "issueType", type, "prompt", PROMPT,
                        "response", "y".repeat(42), "limit", 2))
                .post("/v1/experiences/similar").then().statusCode(200)
                .body("exact.experience.id", equalTo(List.of(e3, e2))).body("subject.experience.id", equalTo(List.of(e4, e5)))
                .body("semantic.size()", org.hamcrest.Matchers.lessThanOrEqualTo(2));

        // insights of s1: e1, e2, e4, e5 (type) and e8 (other)
        given().get("/v1/subjects/" + s1 + "/insights").then().statusCode(200)
                .body("totalAttempts", equalTo(5)).body("successes", equalTo(3)).body("successRate", equalTo(0.6f))
                .body("subjectFamily", equalTo("llama"))
                .body("commonIssues.issueType", equalTo(List.of(type, other)))
                .body("commonIssues[0].attempts", equalTo(4)).body("commonIssues[0].successes", equalTo(2))
                .body("effectiveFixes[0].actions", equalTo(List.of(RETRY))).body("effectiveFixes[0].successes", equalTo(2))
                .body("effectiveFixes[1].actions", equalTo(List.of("increase max_tokens")))
                .body("recentHistory.id", equalTo(List.of(e5, e4, e1, e8, e2)));

        // strategies for the type: 8 attempts, 5 successes; retry 4 of 5, system prompt 2 of 3, shorten 0 of 1
        given().queryParam("issueType", type).get("/v1/experiences/strategies").then().statusCode(200)
                .body("issueTypes", hasSize(1)).body("issueTypes[0].attempts", equalTo(8))
                .body("issueTypes[0].successes", equalTo(5))
                .body("issueTypes[0].actions.action", equalTo(List.of(RETRY, SYSTEM)))
                .body("issueTypes[0].actions[0].attempts", equalTo(5)).body("issueTypes[0].actions[0].successes", equalTo(4))
                .body("issueTypes[0].actions[0].successRate", equalTo(0.8f))
                .body("issueTypes[0].actions[1].attempts", equalTo(3)).body("issueTypes[0].actions[1].successes", equalTo(2));
        given().queryParam("issueType", type).queryParam("minSuccesses", 3).get("/v1/experiences/strategies")
                .then().statusCode(200).body("issueTypes[0].actions.action", equalTo(List.of(RETRY)));
    }

    @Test
    void shouldListWithFiltersAndPages() {
        String subject = "phi-3-list-" + UUID.randomUUID();
        String a = id(experience(subject, "list", PROMPT, 1, true, Duration.ZERO, List.of()));
        String b = id(experience(subject, "list", PROMPT, 1, false, Duration.ZERO, List.of()));
        String c = id(experience(subject, "list", PROMPT, 1, true, Duration.ZERO, List.of()));
        given().queryParam("subject", subject).get("/v1/experiences").then().statusCode(200)
                .body("items.id", equalTo(List.of(c, b, a)));
        given().queryParam("subject", subject).queryParam("success", "true").get("/v1/experiences").then()
                .statusCode(200).body("items.id", equalTo(List.of(c, a)));
        Response first = given().queryParam("subject", subject).queryParam("limit", 2).get("/v1/experiences");
        first.then().statusCode(200).body("items.id", equalTo(List.of(c, b)));
        given().queryParam("subject", subject).queryParam("limit", 2).queryParam("cursor", (String) first.path("nextCursor"))
                .get("/v1/experiences").then().statusCode(200).body("items.id", equalTo(List.of(a)));
    }

    @Test
    void shouldAnswerProblemsForBadInputAndUnknownIds() throws Exception {
        Map<String, Object> noSubject = experience("x", "t", PROMPT, 1, true, Duration.ZERO, List.of());
        noSubject.remove("subject");
        given().contentType(ContentType.JSON).body(noSubject).post("/v1/experiences").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "validation-failed"));
        given().contentType(ContentType.JSON).body(experience("x", "bad type!", PROMPT, 1, true, Duration.ZERO, List.of()))
                .post("/v1/experiences").then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
        given().contentType(ContentType.JSON).body(Map.of("subject", "x")).post("/v1/experiences/similar")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
        given().get("/v1/experiences/" + UUID.randomUUID()).then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "not-found"));
        given().get("/v1/subjects/nobody-" + UUID.randomUUID() + "/insights").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "not-found"));
        given().queryParam("success", "sometimes").get("/v1/experiences").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-parameter"));

        UUID foreign = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into experience (id, tenant_id, subject, subject_family, issue_type, description, success,"
                        + " signature, occurred_at, created_at) values (?, 'other-tenant', 'gpt-4o', 'gpt', 'timeout',"
                        + " 'theirs', true, 'abc', now(), now())")) {
            ps.setObject(1, foreign);
            ps.executeUpdate();
        }
        given().get("/v1/experiences/" + foreign).then().statusCode(404);
    }
}
