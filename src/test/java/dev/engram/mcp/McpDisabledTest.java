package dev.engram.mcp;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** {@code engram.mcp.enabled=false}: the MCP endpoint answers 404 problems; the REST API is unaffected. */
@QuarkusTest
@TestProfile(McpDisabledTest.Off.class)
class McpDisabledTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.mcp.enabled", "false");
        }
    }

    @Test
    void aTurnedOffEndpointShouldAnswerNotFoundProblems() {
        given().accept("application/json, text/event-stream").contentType(ContentType.JSON)
                .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list")).post("/mcp")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://engram.dev/problems/not-found"))
                .body("detail", equalTo("The MCP endpoint is turned off on this service (engram.mcp.enabled=false)"));
        given().get("/mcp/sse").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("query", "anything")).post("/v1/memories/search")
                .then().statusCode(200);
    }
}
