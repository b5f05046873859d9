package dev.engram.memory;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

    @Test
    void shouldStoreABatchOf500InOneCall() {
        String user = "batch-" + UUID.randomUUID();
        List<Map<String, Object>> memories = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            memories.add(Map.of("content", "Batch memory number " + i + " about topic " + (i % 17), "userId", user,
                    "type", i % 2 == 0 ? "episodic" : "semantic"));
        }
        List<String> ids = given().contentType(ContentType.JSON).body(Map.of("memories", memories))
                .post("/v1/memories/batch").then().statusCode(201)
                .body("count", equalTo(500)).extract().path("memories.id");
        assertThat(ids).hasSize(500).doesNotHaveDuplicates();
        assertThat(collectAll(user, 100)).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void shouldStoreNothingWhenOneMemoryOfABatchIsInvalid() {
        String user = "atomic-" + UUID.randomUUID();
        List<Map<String, Object>> memories = List.of(
                Map.of("content", "valid one", "userId", user),
                Map.of("content", "invalid type", "userId", user, "type", "no-such-type"));
        given().contentType(ContentType.JSON).body(Map.of("memories", memories)).post("/v1/memories/batch")
                .then().statusCode(400).body("type", equalTo("https://engram.dev/problems/unknown-memory-type"));
        assertThat(collectAll(user, 100)).isEmpty();
    }

    @Test
    void shouldRejectABatchOverTheLimit() {
        List<Map<String, Object>> memories = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            memories.add(Map.of("content", "m" + i));
        }
        given().contentType(ContentType.JSON).body(Map.of("memories", memories)).post("/v1/memories/batch")
                .then().statusCode(400).body("type", equalTo("https://engram.dev/problems/validation-failed"))
                .body("violations[0].field", equalTo("memories"));
    }

    @Test
    void shouldPageWithoutDuplicatesOrGaps() {
        String user = "page-" + UUID.randomUUID();
        List<String> created = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<Map<String, Object>> memories = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                memories.add(Map.of("content", "Paged memory " + round + "-" + i, "userId", user));
            }
            created.addAll(given().contentType(ContentType.JSON).body(Map.of("memories", memories))
                    .post("/v1/memories/batch").then().statusCode(201).extract().<List<String>>path("memories.id"));
        }
        List<String> paged = collectAll(user, 10);
        assertThat(paged).hasSize(57).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        // Newest first: the last batch comes before the first.
        assertThat(paged.indexOf(created.get(56))).isLessThan(paged.indexOf(created.get(0)));
    }

    @Test
    void shouldFilterTheListByTypeAndImportance() {
        String user = "filter-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("memories", List.of(
                Map.of("content", "low", "userId", user, "type", "episodic", "importance", 0.1),
                Map.of("content", "high", "userId", user, "type", "episodic", "importance", 0.9),
                Map.of("content", "other type", "userId", user, "type", "semantic", "importance", 0.9))))
                .post("/v1/memories/batch").then().statusCode(201);
        given().queryParam("userId", user).queryParam("type", "episodic").queryParam("minImportance", "0.5")
                .get("/v1/memories").then().statusCode(200)
                .body("items.content", equalTo(List.of("high")));
    }

    @Test
    void shouldListRecentMemoriesByEventTime() {
        String user = "recent-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("memories", List.of(
                Map.of("content", "today", "userId", user, "type", "episodic"),
                Map.of("content", "three days ago", "userId", user, "type", "episodic",
                        "occurredAt", Instant.now().minus(Duration.ofDays(3)).toString()))))
                .post("/v1/memories/batch").then().statusCode(201);
        List<Map<String, Object>> recent = given().queryParam("hours", 24).queryParam("types", "episodic")
                .queryParam("limit", 100).get("/v1/memories/recent").then().statusCode(200).extract().path("$");
        List<Object> contents = recent.stream().filter(m -> user.equals(m.get("userId"))).map(m -> m.get("content")).toList();
        assertThat(contents).containsExactly("today");
    }

    @Test
    void shouldRejectAStaleIfMatchWith412() {
        Response created = given().contentType(ContentType.JSON).body(Map.of("content", "versioned"))
                .post("/v1/memories");
        String id = created.path("id");
        String etag = created.header("ETag");
        given().contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("importance", 0.9))
                .patch("/v1/memories/" + id).then().statusCode(200).body("version", equalTo(1));
        given().contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("importance", 0.1))
                .patch("/v1/memories/" + id).then().statusCode(412)
                .body("type", equalTo("https://engram.dev/problems/precondition-failed"))
                .body("currentVersion", equalTo(1));
        given().get("/v1/memories/" + id).then().body("importance", equalTo(0.9f));
    }

    @Test
    void shouldReembedWhenContentChanges() {
        String id = given().contentType(ContentType.JSON).body(Map.of("content", "The sky is blue", "userId", "reembed"))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("content", "The user owns a red bicycle"))
                .patch("/v1/memories/" + id).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "what vehicle does the user have?", "userId", "reembed", "mode", "semantic"))
                .post("/v1/memories/search").then().statusCode(200)
                .body("hits[0].memory.id", equalTo(id))
                .body("hits[0].memory.content", equalTo("The user owns a red bicycle"));
        // the stored vector is the new text's: searching with that very text finds it at similarity ~1
        float similarity = given().contentType(ContentType.JSON)
                .body(Map.of("query", "The user owns a red bicycle", "userId", "reembed", "mode", "semantic",
                        "explain", true))
                .post("/v1/memories/search").then().statusCode(200)
                .body("hits[0].memory.id", equalTo(id)).extract().path("hits[0].explain.similarity");
        assertThat(similarity).isGreaterThan(0.99f);
    }

    static List<String> collectAll(String user, int pageSize) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int guard = 0; guard < 1000; guard++) {
            var request = given().queryParam("userId", user).queryParam("limit", pageSize);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/v1/memories").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            if (cursor == null) {
                return ids;
            }
        }
        throw new AssertionError("pagination did not end");
    }
}
