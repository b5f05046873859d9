package dev.engram.context;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ContextResourceTest {

    @Test
    void shouldManageAContextAndItsMemories() {
        String user = "ctx-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", "Trip planning", "type", "project", "description", "Summer trip", "userId", user,
                        "agentId", "planner", "metadata", Map.of("budget", 2000), "tags", List.of("travel", "summer"),
                        "startedAt", "2026-01-01T00:00:00Z"))
                .post("/v1/contexts").then().statusCode(201)
                .body("type", equalTo("project")).body("status", equalTo("active"))
                .body("memoryCount", equalTo(0)).body("tags", equalTo(List.of("travel", "summer")))
                .extract().path("id");
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("content", "Trip note " + i, "contextId", id, "userId", user))
                    .post("/v1/memories").then().statusCode(201);
        }
        given().get("/v1/contexts/" + id).then().statusCode(200)
                .body("memoryCount", equalTo(3)).body("lastAccessed", notNullValue())
                .body("durationSeconds", greaterThanOrEqualTo(0)).body("metadata.budget", equalTo(2000));
        given().queryParam("limit", 2).get("/v1/contexts/" + id + "/memories").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("nextCursor", notNullValue());
        given().queryParam("userId", user).get("/v1/contexts").then().statusCode(200)
                .body("items.id", equalTo(List.of(id))).body("items[0].memoryCount", equalTo(3));

        given().contentType(ContentType.JSON).body(Map.of("status", "archived", "name", "Trip planning (done)"))
                .patch("/v1/contexts/" + id).then().statusCode(200)
                .body("status", equalTo("archived")).body("endedAt", notNullValue())
                .body("name", equalTo("Trip planning (done)"));
        given().queryParam("userId", user).queryParam("status", "active").get("/v1/contexts").then()
                .body("items.size()", equalTo(0));

        String memoryId = given().queryParam("limit", 1).get("/v1/contexts/" + id + "/memories").then()
                .extract().path("items[0].id");
        given().delete("/v1/contexts/" + id).then().statusCode(204);
        given().get("/v1/contexts/" + id).then().statusCode(404);
        given().get("/v1/memories/" + memoryId).then().statusCode(200).body("contextId", nullValue());
    }

    @Test
    void shouldRejectAnInvalidContextType() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "type", "Not Valid"))
                .post("/v1/contexts").then().statusCode(400).body("violations[0].field", equalTo("type"));
    }
}
