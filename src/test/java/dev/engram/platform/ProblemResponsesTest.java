package dev.engram.platform;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** Every bad-input class answers with its RFC 9457 problem: status, stable type, a detail, no internals. */
@QuarkusTest
class ProblemResponsesTest {

    private static final String BASE = "https://engram.dev/problems/";

    private static ValidatableResponse expectProblem(io.restassured.response.Response response, int status, String type) {
        String body = response.asString();
        assertThat(body).doesNotContain("Exception").doesNotContain("java.").doesNotContain("dev.engram")
                .doesNotContain("\tat ");
        return response.then().statusCode(status).contentType("application/problem+json")
                .body("type", equalTo(BASE + type)).body("status", equalTo(status))
                .body("title", notNullValue()).body("detail", notNullValue());
    }

    private static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    @Test
    void malformedJson() {
        expectProblem(json("{\"content\": ").post("/v1/memories"), 400, "malformed-json");
        expectProblem(json("not json at all").post("/v1/memories/search"), 400, "malformed-json");
        expectProblem(json("[1, 2]").post("/v1/memories"), 400, "malformed-json");
    }

    @Test
    void unknownField() {
        expectProblem(json("{\"content\": \"x\", \"colour\": \"red\"}").post("/v1/memories"), 400, "unknown-field")
                .body("field", equalTo("colour")).body("knownFields", hasItem("content"));
    }

    @Test
    void validation() {
        expectProblem(json("{\"content\": \"  \", \"importance\": 1.5, \"confidence\": -1}").post("/v1/memories"),
                400, "validation-failed")
                .body("violations.field", equalTo(List.of("confidence", "content", "importance")));
        expectProblem(json("{\"content\": \"x\", \"importance\": \"very\"}").post("/v1/memories"), 400, "validation-failed")
                .body("violations[0].field", equalTo("importance"));
        expectProblem(json("{\"content\": \"x\", \"occurredAt\": \"yesterday\"}").post("/v1/memories"), 400,
                "validation-failed").body("violations[0].field", equalTo("occurredAt"));
        expectProblem(json("{\"content\": \"x\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}").post("/v1/memories"), 400,
                "validation-failed").body("violations[0].field", equalTo("expiresAt"));
        expectProblem(json("{\"content\": \"x\", \"validationStatus\": \"maybe\"}").post("/v1/memories"), 400,
                "validation-failed").body("detail", containsString("unvalidated, validated, disputed, rejected"));
        expectProblem(json("").post("/v1/memories"), 400, "validation-failed");
    }

    @Test
    void searchValidation() {
        expectProblem(json("{\"limit\": 5}").post("/v1/memories/search"), 400, "validation-failed")
                .body("violations[0].field", equalTo("query"));
        expectProblem(json("{\"query\": \"x\", \"limit\": 101}").post("/v1/memories/search"), 400, "validation-failed")
                .body("violations[0].field", equalTo("limit"));
        expectProblem(json("{\"query\": \"x\", \"mode\": \"fuzzy\"}").post("/v1/memories/search"), 400,
                "validation-failed").body("detail", containsString("semantic, keyword, hybrid"));
        expectProblem(json("{\"query\": \"x\", \"minRelevance\": 2}").post("/v1/memories/search"), 400,
                "validation-failed");
    }

    @Test
    void contentOverTheLimit() {
        String big = "a".repeat(32 * 1024 + 1);
        expectProblem(given().contentType(ContentType.JSON).body(Map.of("content", big)).post("/v1/memories"),
                413, "content-too-large").body("limitBytes", equalTo(32768)).body("field", equalTo("content"));
        expectProblem(given().contentType(ContentType.JSON)
                        .body(Map.of("memories", List.of(Map.of("content", "ok"), Map.of("content", big))))
                        .post("/v1/memories/batch"),
                413, "content-too-large").body("field", equalTo("memories[1].content"));
        // multi-byte characters count as bytes: 11000 × 3 bytes > 32 KiB
        expectProblem(given().contentType(ContentType.JSON).body(Map.of("content", "€".repeat(11000)))
                .post("/v1/memories"), 413, "content-too-large");
    }

    @Test
    void unknownTypeListsTheValidOnes() {
        expectProblem(json("{\"content\": \"x\", \"type\": \"dream\"}").post("/v1/memories"), 400, "unknown-memory-type")
                .body("validTypes", hasItem("episodic")).body("invalidTypes", equalTo(List.of("dream")));
    }

    @Test
    void unknownContext() {
        String missing = UUID.randomUUID().toString();
        expectProblem(json("{\"content\": \"x\", \"contextId\": \"" + missing + "\"}").post("/v1/memories"), 400,
                "unknown-context").body("contextIds", equalTo(List.of(missing)));
    }

    @Test
    void notFound() {
        String missing = UUID.randomUUID().toString();
        expectProblem(given().get("/v1/memories/" + missing), 404, "not-found").body("memoryId", equalTo(missing));
        expectProblem(given().delete("/v1/memories/" + missing), 404, "not-found");
        expectProblem(json("{\"importance\": 0.2}").patch("/v1/memories/" + missing), 404, "not-found");
        expectProblem(given().get("/v1/contexts/" + missing), 404, "not-found").body("contextId", equalTo(missing));
        expectProblem(given().get("/v1/contexts/" + missing + "/memories"), 404, "not-found");
        expectProblem(given().get("/v1/memory-types/nothing"), 404, "not-found");
        expectProblem(given().get("/v1/no-such-route"), 404, "not-found");
    }

    @Test
    void conflict() {
        String code = "conflict-" + UUID.randomUUID().toString().substring(0, 8);
        json("{\"code\": \"" + code + "\", \"name\": \"C\"}").post("/v1/memory-types").then().statusCode(201);
        expectProblem(json("{\"code\": \"" + code + "\", \"name\": \"C\"}").post("/v1/memory-types"), 409, "conflict");
        expectProblem(json("{\"code\": \"episodic\", \"name\": \"E\"}").post("/v1/memory-types"), 409, "conflict");
        expectProblem(given().delete("/v1/memory-types/episodic"), 409, "conflict");
    }

    @Test
    void invalidParameters() {
        expectProblem(given().get("/v1/memories/not-a-uuid"), 400, "invalid-parameter")
                .body("violations[0].in", equalTo("path"));
        expectProblem(given().queryParam("limit", 0).get("/v1/memories"), 400, "invalid-parameter")
                .body("violations[0].field", equalTo("limit"));
        expectProblem(given().queryParam("limit", "ten").get("/v1/memories"), 400, "invalid-parameter");
        expectProblem(given().queryParam("cursor", "garbage!").get("/v1/memories"), 400, "invalid-parameter");
        expectProblem(given().queryParam("since", "last week").get("/v1/memories"), 400, "invalid-parameter");
        expectProblem(given().queryParam("hours", 0).get("/v1/memories/recent"), 400, "invalid-parameter");
        expectProblem(given().queryParam("validationStatus", "maybe").get("/v1/memories"), 400, "invalid-parameter");
    }

    @Test
    void wrongMethodAndMediaType() {
        // RFC 9110: a 405 lists what the resource does support; the most specific template decides, as in routing
        expectProblem(json("{}").put("/v1/memories"), 405, "method-not-allowed")
                .header("Allow", "GET, HEAD, OPTIONS, POST");
        expectProblem(json("{}").put("/v1/memories/" + java.util.UUID.randomUUID()), 405, "method-not-allowed")
                .header("Allow", "DELETE, GET, HEAD, OPTIONS, PATCH");
        expectProblem(given().delete("/v1/memories/search"), 405, "method-not-allowed")
                .header("Allow", "OPTIONS, POST");
        expectProblem(json("{}").post("/v1/stats"), 405, "method-not-allowed").header("Allow", "GET, HEAD, OPTIONS");
        expectProblem(json("{}").post("/v1/cache/a/b"), 405, "method-not-allowed")
                .header("Allow", "DELETE, GET, HEAD, OPTIONS, PUT");
        expectProblem(json("{}").patch("/v1/temp/a"), 405, "method-not-allowed")
                .header("Allow", "DELETE, GET, HEAD, OPTIONS, PUT");
        expectProblem(json("{}").post("/v1/memories/" + java.util.UUID.randomUUID() + "/associations"), 405,
                "method-not-allowed").header("Allow", "GET, HEAD, OPTIONS");
        expectProblem(given().get("/v1/no-such-thing"), 404, "not-found"); // no template: still a 404
        expectProblem(given().get("/v1/stash/a"), 404, "not-found"); // the namespace's pattern is cache|temp
        expectProblem(given().contentType(ContentType.TEXT).body("hello").post("/v1/memories"), 415,
                "unsupported-media-type");
    }

    @Test
    void retentionPeriodMustBeAnIsoDuration() {
        expectProblem(json("{\"code\": \"bad-retention\", \"name\": \"B\", \"retentionPeriod\": \"90 days\"}")
                .post("/v1/memory-types"), 400, "validation-failed")
                .body("violations[0].field", equalTo("retentionPeriod"));
    }
}
