package dev.engram.memory;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Retrievals are counted off the request path and land in accessCount / lastAccessed within a flush interval. */
@QuarkusTest
class AccessTrackingTest {

    @Test
    void searchHitsAndReadsShouldBeCounted() throws InterruptedException {
        String user = "access-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("content", "The user's car is a green hatchback", "userId", user))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("query", "what car does the user drive", "userId", user))
                    .post("/v1/memories/search").then().statusCode(200);
        }
        given().get("/v1/memories/" + id).then().statusCode(200);

        int count = 0;
        String lastAccessed = null;
        for (int attempt = 0; attempt < 50 && count < 4; attempt++) {
            Thread.sleep(200);
            var memory = given().get("/v1/memories/" + id).then().extract().jsonPath();
            count = memory.getInt("accessCount");
            lastAccessed = memory.getString("lastAccessed");
        }
        assertThat(count).isGreaterThanOrEqualTo(4);
        assertThat(lastAccessed).isNotNull();
    }
}
