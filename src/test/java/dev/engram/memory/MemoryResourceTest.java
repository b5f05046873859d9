package dev.engram.memory;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class MemoryResourceTest {

    @Test
    void shouldRoundTripEveryField() {
        String contextId = given().contentType(ContentType.JSON)
                .body(Map.of("name", "Round trip", "type", "task", "userId", "u-rt"))
                .post("/v1/contexts").then().statusCode(201).extract().path("id");
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("type", "preference");
        body.put("content", "The user prefers answers in bullet points.");
        body.put("title", "Answer format");
        body.put("summary", "bullet points");
        body.put("structuredData", Map.of("format", "bullets", "max", 5));
        body.put("keywords", List.of("format", "bullets"));
        body.put("entities", List.of("user"));
        body.put("importance", 0.8);
        body.put("confidence", 0.9);
        body.put("contextId", contextId);
        body.put("userId", "u-rt");
        body.put("agentId", "agent-1");
        body.put("learnedFrom", "conversation 42");
        body.put("validationStatus", "validated");
        body.put("expiresAt", "2099-01-01T00:00:00Z");
        body.put("permanent", true);
        body.put("metadata", Map.of("source", "chat", "lang", "en"));
        body.put("occurredAt", "2025-03-04T05:06:07.123456Z");
        body.put("createdBy", "tester");

        Response created = given().contentType(ContentType.JSON).body(body).post("/v1/memories");
        created.then().statusCode(201).header("Location", notNullValue()).header("ETag", notNullValue());
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/v1/memories/" + id);

        given().get("/v1/memories/" + id).then().statusCode(200)
                .body("type", equalTo("preference"))
                .body("content", equalTo("The user prefers answers in bullet points."))
                .body("title", equalTo("Answer format"))
                .body("summary", equalTo("bullet points"))
                .body("structuredData.format", equalTo("bullets"))
                .body("structuredData.max", equalTo(5))
                .body("keywords", equalTo(List.of("format", "bullets")))
                .body("entities", equalTo(List.of("user")))
                .body("importance", equalTo(0.8f))
                .body("confidence", equalTo(0.9f))
                .body("contextId", equalTo(contextId))
                .body("userId", equalTo("u-rt"))
                .body("agentId", equalTo("agent-1"))
                .body("learnedFrom", equalTo("conversation 42"))
                .body("validationStatus", equalTo("validated"))
                .body("expiresAt", equalTo("2099-01-01T00:00:00Z"))
                .body("permanent", equalTo(true))
                .body("metadata.source", equalTo("chat"))
                .body("occurredAt", equalTo("2025-03-04T05:06:07.123456Z"))
                .body("createdBy", equalTo("tester"))
                .body("contentHash", notNullValue())
                .body("embeddingModel", equalTo("all-minilm-l6-v2-q"))
                .body("createdAt", notNullValue());

        given().contentType(ContentType.JSON).body(Map.of("importance", 0.3, "content", "The user prefers short answers."))
                .patch("/v1/memories/" + id).then().statusCode(200)
                .body("importance", equalTo(0.3f)).body("content", equalTo("The user prefers short answers."))
                .body("title", equalTo("Answer format"));

        given().delete("/v1/memories/" + id).then().statusCode(204);
        given().get("/v1/memories/" + id).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://engram.dev/problems/not-found"));
    }
}
