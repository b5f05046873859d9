package dev.engram.embedding;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * A remote OpenAI-compatible provider that cannot be reached: writes and searches answer 503 embedding-unavailable
 * with Retry-After, and nothing is stored.
 */
@QuarkusTest
@TestProfile(RemoteEmbeddingDownTest.UnreachableProvider.class)
class RemoteEmbeddingDownTest {

    public static class UnreachableProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "engram.embedding.provider", "openai",
                    "engram.embedding.model", "text-embedding-3-small",
                    "engram.embedding.base-url", "http://127.0.0.1:" + closedPort() + "/v1",
                    "engram.embedding.api-key", "sk-test-not-a-real-key",
                    "engram.embedding.dimension", "384",
                    "engram.embedding.timeout", "PT2S",
                    "engram.embedding.warm-up", "false");
        }

        private static int closedPort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void writesShouldBeRejectedWith503AndLeaveNothing() {
        String user = "remote-down-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("content", "never stored", "userId", user))
                .post("/v1/memories").then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://engram.dev/problems/embedding-unavailable"))
                .header("Retry-After", notNullValue());
        given().contentType(ContentType.JSON)
                .body(Map.of("memories", List.of(Map.of("content", "a", "userId", user), Map.of("content", "b", "userId", user))))
                .post("/v1/memories/batch").then().statusCode(503);
        given().queryParam("userId", user).get("/v1/memories").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void searchShouldAnswer503() {
        given().contentType(ContentType.JSON).body(Map.of("query", "anything")).post("/v1/memories/search")
                .then().statusCode(503).body("type", equalTo("https://engram.dev/problems/embedding-unavailable"))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("sk-test")));
    }
}
