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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every MCP tool called with random arguments — the tool's own argument names with values of every JSON type and
 * shape, unknown names, missing ones — must answer like a client mistake: a result, a tool error whose problem is a
 * 4xx, or a JSON-RPC "invalid params"; never an internal error and never a stack trace.
 * Reproducible: the seed is printed and named in every failure; rerun with {@code -Dengram.mcpfuzz.seed=<seed>}
 * ({@code -Dengram.mcpfuzz.calls=<n>}, default 300).
 */
@QuarkusTest
class McpFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void randomArgumentsNeverCauseAnInternalError() throws Exception {
        long seed = Long.getLong("engram.mcpfuzz.seed", System.nanoTime());
        int calls = Integer.getInteger("engram.mcpfuzz.calls", 300);
        System.out.println("McpFuzzTest seed " + seed + " (rerun with -Dengram.mcpfuzz.seed=" + seed + "), " + calls + " calls");
        Random random = new Random(seed);
        String key = TestAuth.newKey("mcpfuzz-" + Long.toHexString(seed & 0xffffffL), Scope.READ, Scope.WRITE);

        JsonNode tools = JSON.readTree(post(key, Map.of("jsonrpc", "2.0", "id", 0, "method", "tools/list",
                "params", Map.of())).asString()).path("result").path("tools");
        assertThat(tools.size()).isGreaterThanOrEqualTo(9);
        List<String> ids = new ArrayList<>(); // memory ids the fuzz itself stored, for get/delete to hit real rows
        List<String> failures = new ArrayList<>();
        int succeeded = 0;
        for (int i = 0; i < calls; i++) {
            JsonNode tool = tools.get(random.nextInt(tools.size()));
            Map<String, Object> arguments = arguments(random, tool.path("inputSchema"), ids);
            Map<String, Object> message = Map.of("jsonrpc", "2.0", "id", i + 1, "method", "tools/call",
                    "params", Map.of("name", tool.path("name").asText(), "arguments", arguments));
            Response response = post(key, message);
            String failure = judge(response, JSON.writeValueAsString(message));
            if (failure != null) {
                failures.add("#" + i + " " + JSON.writeValueAsString(message) + "\n→ " + failure);
            } else {
                JsonNode result = JSON.readTree(response.asString()).path("result");
                if (result.has("content") && !result.path("isError").asBoolean()) {
                    succeeded++;
                    if (tool.path("name").asText().equals("store_memory")) {
                        ids.add(JSON.readTree(result.path("content").get(0).path("text").asText()).path("id").asText());
                    }
                }
            }
        }
        System.out.println("McpFuzzTest: " + succeeded + " of " + calls + " calls succeeded, " + ids.size()
                + " memories stored");
        assertThat(succeeded).as("calls that got through the argument checks (seed %d)", seed).isPositive();
        assertThat(failures).as("seed " + seed + ": " + failures.size() + " failing calls (first 10 shown)\n"
                + String.join("\n\n", failures.subList(0, Math.min(10, failures.size())))).isEmpty();
    }

    private static Response post(String key, Object message) {
        return given().header("Authorization", "Bearer " + key).accept("application/json, text/event-stream")
                .contentType(ContentType.JSON).body(message).post("/mcp");
    }

    /** Why an answer is not a client mistake's answer, or null. */
    private static String judge(Response response, String request) throws Exception {
        String body = response.asString();
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode() + " " + body;
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("dev.engram.")) {
            return "internals in the answer: " + body;
        }
        JsonNode reply = JSON.readTree(body);
        if (reply.has("error")) {
            int code = reply.path("error").path("code").asInt();
            // -32700: Engram's strict JSON reading (the same as the REST API's) refuses text with a NUL character
            boolean refusedText = code == -32700 && request.contains("\\u0000");
            return code == -32602 || refusedText ? null : "JSON-RPC error " + reply.path("error");
        }
        JsonNode result = reply.path("result");
        if (!result.path("isError").asBoolean()) {
            return null;
        }
        String text = result.path("content").get(0).path("text").asText();
        if (!text.startsWith("{")) {
            return text.startsWith("Missing required argument") || text.startsWith("Invalid argument") ? null
                    : "a tool error that is neither a problem nor an argument message: " + text;
        }
        int status = JSON.readTree(text).path("status").asInt();
        return status >= 400 && status < 500 ? null : "problem " + status + ": " + text;
    }

    private static Map<String, Object> arguments(Random random, JsonNode schema, List<String> ids) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        boolean wellFormed = random.nextInt(3) == 0; // a third of the calls as a careful agent makes them
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            if (wellFormed) {
                if (required.contains(property.getKey()) || random.nextBoolean()) {
                    Object good = good(random, property.getKey(), property.getValue().path("type").asText(), ids);
                    if (good != null) {
                        arguments.put(property.getKey(), good);
                    }
                }
                continue;
            }
            int dice = random.nextInt(10);
            if (dice < 3) {
                continue; // left out
            }
            arguments.put(property.getKey(), dice < 7 ? plausible(random, property.getKey(), property.getValue(), ids)
                    : value(random, 0));
        }
        if (random.nextInt(8) == 0) {
            arguments.put("unknown" + random.nextInt(3), value(random, 0));
        }
        return arguments;
    }

    /** A value an agent that read the tool's description would send, or null to leave the argument out. */
    private static Object good(Random random, String name, String type, List<String> ids) {
        return switch (name) {
            case "id" -> ids.isEmpty() ? UUID.randomUUID().toString() : ids.get(random.nextInt(ids.size()));
            case "contextId" -> null;
            case "sessionId" -> "fuzz-" + random.nextInt(5);
            case "type" -> List.of("semantic", "episodic", "preference").get(random.nextInt(3));
            case "mode" -> List.of("hybrid", "semantic", "keyword").get(random.nextInt(3));
            case "issueType" -> "timeout";
            case "occurredAt", "since" -> "2026-01-01T00:00:00Z";
            case "until" -> "2027-01-01T00:00:00Z";
            case "messages" -> List.of(Map.of("role", "user", "content", "Alice prefers window seats"),
                    Map.of("role", "assistant", "content", "Noted"));
            default -> switch (type) {
                case "integer" -> name.equals("maxTokens") ? 500 : 5;
                case "number" -> 0.5;
                case "boolean" -> random.nextBoolean();
                case "array" -> List.of("seats", "travel");
                case "object" -> Map.of("source", "fuzz");
                default -> "Alice prefers window seats on flight " + random.nextInt(100);
            };
        };
    }

    /** A value of the schema's type, often at or beyond its edges. */
    private static Object plausible(Random random, String name, JsonNode property, List<String> ids) {
        String type = property.path("type").asText();
        return switch (type) {
            case "integer" -> List.of(0, 1, -1, 5, 50, 101, 100_000, Integer.MAX_VALUE, Long.MAX_VALUE)
                    .get(random.nextInt(9));
            case "number" -> List.of(0.0, 0.5, 1.0, -0.1, 1.5, 1e308, 4.9e-324).get(random.nextInt(7));
            case "boolean" -> random.nextBoolean();
            case "array" -> name.equals("messages") ? messages(random) : List.of(text(random), text(random));
            case "object" -> java.util.Collections.singletonMap("k", value(random, 1));
            default -> name.toLowerCase().endsWith("id") && !ids.isEmpty() && random.nextBoolean()
                    ? ids.get(random.nextInt(ids.size())) : text(random);
        };
    }

    private static List<Object> messages(Random random) {
        List<Object> turns = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", List.of("user", "assistant", "system", "tool", "robot", "").get(random.nextInt(6)));
            turn.put("content", random.nextInt(5) == 0 ? value(random, 1) : text(random));
            if (random.nextInt(4) == 0) {
                turn.put("timestamp", List.of("2026-01-01T00:00:00Z", "yesterday", "0001-01-01T00:00:00Z")
                        .get(random.nextInt(3)));
            }
            if (random.nextInt(6) == 0) {
                turn.put("extra", value(random, 1));
            }
            turns.add(turn);
        }
        return turns;
    }

    private static String text(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "";
            case 1 -> "   ";
            case 2 -> UUID.randomUUID().toString();
            case 3 -> "2026-05-01T10:00:00Z";
            case 4 -> "x".repeat(random.nextInt(40_000));
            case 5 -> "nul\u0000inside";
            case 6 -> "😀\u202Eabc\u0301 'quoted' \"double\" <tag> ; drop table memory; --";
            case 7 -> List.of("semantic", "hybrid", "keyword", "preference", "timeout", "chat-1").get(random.nextInt(6));
            default -> "Alice prefers window seats " + random.nextInt(1000);
        };
    }

    private static Object value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 5 : 8)) {
            case 0 -> null;
            case 1 -> text(random);
            case 2 -> random.nextInt();
            case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 4 -> random.nextBoolean();
            case 5 -> java.util.Arrays.asList(value(random, depth + 1), value(random, depth + 1));
            case 6 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("a", value(random, depth + 1));
                map.put("b", value(random, depth + 1));
                yield map;
            }
            default -> new ArrayList<>();
        };
    }
}
