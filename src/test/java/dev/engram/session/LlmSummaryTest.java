package dev.engram.session;

import com.sun.net.httpserver.HttpServer;
import dev.engram.testing.ChatCompletionsStub;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
                    "engram.summary.base-url", startServer());
        }

        private static synchronized String startServer() {
            if (server == null) {
                server = ChatCompletionsStub.start(request -> {
                    try {
                        Files.writeString(LAST_REQUEST, request);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return request.contains(FAIL_MARKER) ? null : "The user prefers aisle seats.";
                });
            }
            return ChatCompletionsStub.baseUrl(server);
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
