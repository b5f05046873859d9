package dev.engram.session;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Session summaries through an OpenAI-compatible chat API. No LLM can run on the build machine, so a minimal
 * HTTP endpoint speaking the chat-completions wire format stands in for the provider; the test checks what Engram
 * sends, that it stores the answer, and that it falls back to the extractive summary when the provider fails.
 */
@QuarkusTest
@TestProfile(LlmSummaryTest.WithLlm.class)
class LlmSummaryTest {

    /** The profile runs in another class loader than the test: the stub records requests in this file. */
    private static final Path LAST_REQUEST = Path.of(System.getProperty("java.io.tmpdir"),
            "engram-llm-stub-" + ProcessHandle.current().pid() + ".json");
    private static final String FAIL_MARKER = "PLEASE-FAIL";

    public static class WithLlm implements QuarkusTestProfile {
        private static HttpServer server;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.summary.provider", "openai", "engram.summary.model", "test-model",
                    "engram.summary.api-key", "sk-test", "engram.summary.timeout", "PT3S",
                    "engram.summary.base-url", "http://127.0.0.1:" + startServer() + "/v1");
        }

        private static synchronized int startServer() {
            if (server == null) {
                try {
                    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                server.createContext("/v1/chat/completions", exchange -> {
                    String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    Files.writeString(LAST_REQUEST, request);
                    boolean fail = request.contains(FAIL_MARKER);
                    byte[] body = (fail ? "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"
                            : "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"test-model\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                            + "\"The user prefers aisle seats.\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":6,\"total_tokens\":16}}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                server.start();
            }
            return server.getAddress().getPort();
        }
    }

    private static void append(String session, String content) {
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", content))))
                .post("/v1/sessions/" + session + "/messages").then().statusCode(200);
    }

    @Test
    void shouldSummariseWithTheLlm() throws IOException {
        String session = "llm-" + UUID.randomUUID();
        append(session, "I always pick aisle seats on flights.");
        given().post("/v1/sessions/" + session + "/promote").then().statusCode(200)
                .body("summary.content", equalTo("The user prefers aisle seats."))
                .body("summary.metadata.summaryMethod", equalTo("llm"));
        assertThat(Files.readString(LAST_REQUEST)).contains("test-model")
                .contains("user: I always pick aisle seats on flights.");
    }

    @Test
    void shouldFallBackToTheExtractiveSummaryWhenTheLlmFails() {
        String session = "llm-down-" + UUID.randomUUID();
        append(session, "Remember that my cat is called Miso. " + FAIL_MARKER);
        given().post("/v1/sessions/" + session + "/promote").then().statusCode(200)
                .body("stored", equalTo(1))
                .body("summary.metadata.summaryMethod", equalTo("extractive"))
                .body("summary.content", equalTo("user: Remember that my cat is called Miso. user: " + FAIL_MARKER));
    }
}
