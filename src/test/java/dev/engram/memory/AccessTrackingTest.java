package dev.engram.memory;

import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Retrievals are counted off the request path and land in accessCount / lastAccessed within a flush interval. */
@QuarkusTest
class AccessTrackingTest {

    @Inject
    AccessTracker tracker;

    @Test
    void searchHitsAndReadsShouldBeCounted() throws InterruptedException {
        String user = "access-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("content", "The user's car is a green hatchback", "userId", user))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("query", "what car does the user drive", "userId", user))
                    .post("/v1/memories/search").then().statusCode(200).body("hits[0].memory.id", equalTo(id));
        }
        assertThat(awaitAccessCount(user, 3)).as("three search hits").isEqualTo(3);
        given().get("/v1/memories/" + id).then().statusCode(200);
        assertThat(awaitAccessCount(user, 4)).as("and one read").isEqualTo(4);
        Thread.sleep(1500); // a further flush adds nothing: the list below does not count as an access
        JsonPath listed = list(user);
        assertThat(listed.getInt("items[0].accessCount")).isEqualTo(4);
        assertThat(listed.getString("items[0].lastAccessed")).isNotNull();
    }

    @Test
    void aReadCountedInAnotherTenantShouldNotLandOnAMemoryWithTheSameId() {
        String user = "access-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("content", "The user's bike is a red gravel bike", "userId", user))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        // a read counted for another tenant's memory with this id (deleted there, imported here before the flush)
        tracker.record("another-tenant", List.of(UUID.fromString(id)));
        tracker.flush();
        assertThat(list(user).getInt("items[0].accessCount")).isZero();
        tracker.record(TestAuth.DEFAULT_TENANT, List.of(UUID.fromString(id)));
        tracker.flush();
        assertThat(list(user).getInt("items[0].accessCount")).isEqualTo(1);
    }

    /**
     * The memory's access count once it reached {@code expected} (or after about 10 s), read through the list
     * endpoint, which does not count as an access (GET /v1/memories/{id} would).
     */
    private static int awaitAccessCount(String user, int expected) throws InterruptedException {
        int count = 0;
        for (int attempt = 0; attempt < 50 && count < expected; attempt++) {
            Thread.sleep(200);
            count = list(user).getInt("items[0].accessCount");
        }
        return count;
    }

    private static JsonPath list(String user) {
        return given().queryParam("userId", user).get("/v1/memories").then().statusCode(200).extract().jsonPath();
    }
}
