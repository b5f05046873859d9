package dev.engram.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The MCP endpoint: the protocol handshake and tool list, each tool against the real services (PostgreSQL + pgvector,
 * Redis, the embedding model), the same keys, scopes, tenants and problems as the REST API.
 */
@QuarkusTest
class McpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final String ACCEPT = "application/json, text/event-stream";

    private static Response post(String key, String session, Object message) {
        var request = given().header("Authorization", "Bearer " + key).accept(ACCEPT).contentType(ContentType.JSON)
                .body(message);
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.post("/mcp");
    }

    private static Map<String, Object> rpc(String method, Object params) {
        return Map.of("jsonrpc", "2.0", "id", IDS.incrementAndGet(), "method", method, "params", params);
    }

    /** The JSON-RPC response to one tools/call, sent without a handshake (each request may reach another pod). */
    private static JsonNode call(String key, String tool, Map<String, Object> arguments) {
        Response response = post(key, null, rpc("tools/call", Map.of("name", tool, "arguments", arguments)));
        response.then().statusCode(200);
        try {
            return JSON.readTree(response.asString());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    /** A tool's result text; the call must have succeeded. */
    private static String ok(String key, String tool, Map<String, Object> arguments) {
        JsonNode reply = call(key, tool, arguments);
        assertThat(reply.path("result").path("isError").asBoolean()).as("%s failed: %s", tool, reply).isFalse();
        return reply.path("result").path("content").get(0).path("text").asText();
    }

    /** The problem a failed tool call carries as its text. */
    private static JsonNode problem(String key, String tool, Map<String, Object> arguments) throws Exception {
        JsonNode reply = call(key, tool, arguments);
        assertThat(reply.path("result").path("isError").asBoolean()).as("%s should fail: %s", tool, reply).isTrue();
        return JSON.readTree(reply.path("result").path("content").get(0).path("text").asText());
    }

    private static String tenantKey(String name, Scope... scopes) {
        return TestAuth.newKey(name + "-" + UUID.randomUUID().toString().substring(0, 8), scopes);
    }

    @Test
    void handshakeNamesTheServerAndListsEveryToolWithItsSchema() {
        String key = TestAuth.defaultKey();
        Response init = post(key, null, rpc("initialize", Map.of("protocolVersion", "2025-06-18",
                "capabilities", Map.of(), "clientInfo", Map.of("name", "test", "version", "1"))));
        init.then().statusCode(200).body("result.serverInfo.name", equalTo("engram"));
        String session = init.header("Mcp-Session-Id");
        assertThat(session).isNotBlank();
        post(key, session, Map.of("jsonrpc", "2.0", "method", "notifications/initialized")).then().statusCode(202);

        Response list = post(key, session, rpc("tools/list", Map.of()));
        list.then().statusCode(200);
        List<String> names = list.jsonPath().getList("result.tools.name");
        assertThat(names).containsExactlyInAnyOrder("store_memory", "search_memories", "get_memory", "delete_memory",
                "add_session_messages", "get_session_context", "build_context", "record_experience",
                "find_similar_experiences");
        assertThat(list.jsonPath().getList("result.tools.find { it.name == 'store_memory' }.inputSchema.required"))
                .containsExactly("content");
        assertThat(list.jsonPath().getBoolean("result.tools.find { it.name == 'search_memories' }.annotations.readOnlyHint"))
                .isTrue();

        // a session this pod never saw (begun on another pod, or before a restart) is served, not answered 404
        post(key, UUID.randomUUID().toString(), rpc("tools/call", Map.of("name", "search_memories",
                "arguments", Map.of("query", "anything")))).then().statusCode(200)
                .body("result.isError", equalTo(false));
    }

    @Test
    void aStoredMemoryIsFoundBySearchAndIsTheSameMemoryOverRest() throws Exception {
        String key = tenantKey("mcp-store", Scope.READ, Scope.WRITE);
        String editor = JSON.readTree(ok(key, "store_memory", Map.of("content", "Alice's favourite editor is Neovim",
                "type", "preference", "userId", "alice", "importance", 0.8))).path("id").asText();
        ok(key, "store_memory", Map.of("content", "The deploy pipeline runs every Tuesday", "userId", "alice"));
        ok(key, "store_memory", Map.of("content", "Bob is allergic to peanuts", "userId", "bob"));

        given().header("Authorization", "Bearer " + key).get("/v1/memories/" + editor).then().statusCode(200)
                .body("content", equalTo("Alice's favourite editor is Neovim")).body("type", equalTo("preference"));

        JsonNode hits = JSON.readTree(ok(key, "search_memories", Map.of("query", "which text editor does Alice use",
                "limit", 3))).path("hits");
        assertThat(hits.size()).isEqualTo(3);
        assertThat(hits.get(0).path("memory").path("id").asText()).isEqualTo(editor);

        JsonNode bobOnly = JSON.readTree(ok(key, "search_memories", Map.of("query", "food allergy", "userId", "bob")))
                .path("hits");
        assertThat(bobOnly.size()).isEqualTo(1);
        assertThat(bobOnly.get(0).path("memory").path("userId").asText()).isEqualTo("bob");

        assertThat(JSON.readTree(ok(key, "get_memory", Map.of("id", editor))).path("content").asText())
                .isEqualTo("Alice's favourite editor is Neovim");
        ok(key, "delete_memory", Map.of("id", editor));
        assertThat(problem(key, "get_memory", Map.of("id", editor)).path("status").asInt()).isEqualTo(404);
    }

    @Test
    void manyMoreToolCallsThanPooledConnectionsAllSucceed() {
        // each search used to keep a pooled connection (Hibernate's request-scoped session was never closed): the
        // 21st call on a pool of 20 waited 5 s and failed with database-unavailable
        String key = tenantKey("mcp-pool", Scope.READ, Scope.WRITE);
        ok(key, "store_memory", Map.of("content", "Dana keeps her notes in a paper notebook", "userId", "dana"));
        String session = "pool-" + UUID.randomUUID();
        ok(key, "add_session_messages", Map.of("sessionId", session, "userId", "dana",
                "messages", List.of(Map.of("role", "user", "content", "Where are my notes?"))));
        for (int i = 0; i < 30; i++) {
            ok(key, "search_memories", Map.of("query", "where does Dana keep notes " + i));
            ok(key, "get_session_context", Map.of("sessionId", session));
            ok(key, "build_context", Map.of("query", "notes " + i));
        }
    }

    @Test
    void anotherTenantsMemoriesCannotBeReadOrFound() throws Exception {
        String owner = tenantKey("mcp-owner", Scope.READ, Scope.WRITE);
        String other = tenantKey("mcp-other", Scope.READ, Scope.WRITE);
        String id = JSON.readTree(ok(owner, "store_memory", Map.of("content", "The vault code is 4711"))).path("id")
                .asText();

        JsonNode notFound = problem(other, "get_memory", Map.of("id", id));
        assertThat(notFound.path("status").asInt()).isEqualTo(404);
        assertThat(JSON.readTree(ok(other, "search_memories", Map.of("query", "vault code"))).path("hits").size())
                .isZero();
        assertThat(problem(other, "delete_memory", Map.of("id", id)).path("status").asInt()).isEqualTo(404);
        assertThat(JSON.readTree(ok(owner, "get_memory", Map.of("id", id))).path("id").asText()).isEqualTo(id);
    }

    @Test
    void badArgumentsAreToolErrorsCarryingTheRestApisProblem() throws Exception {
        String key = TestAuth.defaultKey();
        JsonNode range = problem(key, "store_memory", Map.of("content", "x", "importance", 2));
        assertThat(range.path("type").asText()).isEqualTo("https://engram.dev/problems/validation-failed");
        assertThat(range.path("status").asInt()).isEqualTo(400);
        assertThat(range.path("violations").get(0).path("field").asText()).isEqualTo("importance");

        JsonNode blank = problem(key, "store_memory", Map.of("content", "  "));
        assertThat(blank.path("violations").get(0).path("field").asText()).isEqualTo("content");

        JsonNode type = problem(key, "store_memory", Map.of("content", "x", "type", "dream"));
        assertThat(type.path("type").asText()).isEqualTo("https://engram.dev/problems/unknown-memory-type");

        JsonNode when = problem(key, "store_memory", Map.of("content", "x", "occurredAt", "yesterday"));
        assertThat(when.path("status").asInt()).isEqualTo(400);
        assertThat(when.path("detail").asText()).contains("occurredAt");

        JsonNode id = problem(key, "get_memory", Map.of("id", "not-a-uuid"));
        assertThat(id.path("status").asInt()).isEqualTo(400);
        assertThat(id.path("detail").asText()).contains("UUID");

        JsonNode turn = problem(key, "add_session_messages", Map.of("sessionId", "s-bad",
                "messages", List.of(Map.of("role", "robot", "content", "hi"))));
        assertThat(turn.path("status").asInt()).isEqualTo(400);
        assertThat(turn.path("detail").asText()).contains("messages[0].role");

        // checked by the MCP server against the tool's schema, before Engram sees the call: a tool error too
        JsonNode missing = call(key, "store_memory", Map.of("type", "semantic"));
        assertThat(missing.path("result").path("isError").asBoolean()).as("%s", missing).isTrue();
        assertThat(missing.path("result").path("content").get(0).path("text").asText())
                .isEqualTo("Missing required argument: content");
        JsonNode wrongType = call(key, "store_memory", Map.of("content", "x", "importance", "high"));
        assertThat(wrongType.path("result").path("content").get(0).path("text").asText())
                .isEqualTo("Invalid argument [importance] - unable to convert value");
    }

    @Test
    void eachToolNeedsItsScope() throws Exception {
        String reader = tenantKey("mcp-reader", Scope.READ);
        JsonNode denied = problem(reader, "store_memory", Map.of("content", "not allowed"));
        assertThat(denied.path("status").asInt()).isEqualTo(403);
        assertThat(denied.path("detail").asText()).contains("'write' scope");
        assertThat(JSON.readTree(ok(reader, "search_memories", Map.of("query", "anything"))).path("hits").size())
                .isZero();

        String writer = tenantKey("mcp-writer", Scope.WRITE);
        assertThat(problem(writer, "search_memories", Map.of("query", "anything")).path("status").asInt())
                .isEqualTo(403);
    }

    @Test
    void theEndpointTakesTheApisKeysAndLimits() {
        TestAuth.withoutDefaultKey();
        try {
            given().accept(ACCEPT).contentType(ContentType.JSON).body(rpc("tools/list", Map.of())).post("/mcp")
                    .then().statusCode(401).contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("type", equalTo("https://engram.dev/problems/unauthorized"));
            post("egm_nope_nope", null, rpc("tools/list", Map.of())).then().statusCode(401);
            post(TestAuth.OPERATOR_KEY, null, rpc("tools/list", Map.of())).then().statusCode(403)
                    .body("detail", startsWith("The operator's admin key"));
        } finally {
            TestAuth.useDefaultKey();
        }
        String huge = "x".repeat(5 * 1024 * 1024);
        post(TestAuth.defaultKey(), null, rpc("tools/call", Map.of("name", "store_memory",
                "arguments", Map.of("content", huge)))).then().statusCode(413)
                .body("type", equalTo("https://engram.dev/problems/content-too-large"));
        given().header("Content-Encoding", "br").accept(ACCEPT).contentType(ContentType.JSON)
                .body("{}").post("/mcp").then().statusCode(415);
    }

    @Test
    void sessionTurnsComeBackAsPromptContextWithRelevantMemories() {
        String key = tenantKey("mcp-session", Scope.READ, Scope.WRITE);
        ok(key, "store_memory", Map.of("content", "Carol prefers window seats on long flights", "userId", "carol"));
        String session = "trip-" + UUID.randomUUID();
        String appended = ok(key, "add_session_messages", Map.of("sessionId", session, "userId", "carol",
                "messages", List.of(Map.of("role", "user", "content", "Book me a flight to Tokyo"),
                        Map.of("role", "assistant", "content", "Which dates?"),
                        Map.of("role", "user", "content", "Next Friday, and pick a good seat for me"))));
        assertThat(appended).contains("\"turnCount\":3");

        given().header("Authorization", "Bearer " + key).get("/v1/sessions/" + session).then().statusCode(200)
                .body("turns.size()", equalTo(3));

        String context = ok(key, "get_session_context", Map.of("sessionId", session,
                "query", "seat preference on flights"));
        assertThat(context).contains("Book me a flight to Tokyo").contains("Which dates?")
                .contains("Carol prefers window seats on long flights");
    }

    @Test
    void anAttemptRecordedIsWhatTheNextAgentIsToldAbout() throws Exception {
        String key = tenantKey("mcp-experience", Scope.READ, Scope.WRITE);
        ok(key, "record_experience", Map.of("subject", "checkout-service", "issueType", "timeout",
                "description", "Checkout requests time out under load", "success", false,
                "actions", List.of("Raised the client timeout to 30 s")));
        JsonNode fixed = JSON.readTree(ok(key, "record_experience", Map.of("subject", "checkout-service",
                "issueType", "timeout", "description", "Checkout requests time out under load", "success", true,
                "actions", List.of("Added an index on orders.customer_id"))));
        assertThat(fixed.path("success").asBoolean()).isTrue();

        JsonNode similar = JSON.readTree(ok(key, "find_similar_experiences", Map.of("subject", "checkout-service",
                "issueType", "timeout", "description", "Checkout requests time out under load")));
        List<String> exact = new ArrayList<>();
        similar.path("exact").forEach(m -> exact.add(m.path("experience").path("id").asText()));
        assertThat(exact).as("%s", similar).hasSize(2).first().isEqualTo(fixed.path("id").asText());

        String context = ok(key, "build_context", Map.of("issueSubject", "checkout-service", "issueType", "timeout",
                "issueDescription", "Checkout is timing out again"));
        assertThat(context).contains("Added an index on orders.customer_id");
    }
}
