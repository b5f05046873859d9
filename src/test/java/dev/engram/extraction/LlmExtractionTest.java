package dev.engram.extraction;

import com.sun.net.httpserver.HttpServer;
import dev.engram.testing.ChatCompletionsStub;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Extraction through an OpenAI-compatible chat API. No LLM runs on the build machine, so a minimal endpoint speaking
 * the chat-completions wire format stands in for the provider: it answers a fenced JSON array, or fails when the
 * text carries a marker, or answers prose when the text carries another; the last two must fall back to the rules.
 */
@QuarkusTest
@TestProfile(LlmExtractionTest.WithLlm.class)
class LlmExtractionTest {

    private static final String FAIL_MARKER = "PLEASE-FAIL";
    private static final String PROSE_MARKER = "PLEASE-CHAT";

    public static class WithLlm implements QuarkusTestProfile {
        private static HttpServer server;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.extraction.provider", "openai", "engram.extraction.model", "test-model",
                    "engram.extraction.api-key", "sk-test", "engram.extraction.timeout", "PT3S",
                    "engram.extraction.base-url", startServer());
        }

        private static synchronized String startServer() {
            if (server == null) {
                server = ChatCompletionsStub.start(request -> request.contains(FAIL_MARKER) ? null
                        : request.contains(PROSE_MARKER) ? "Sure! The user likes tea."
                        : "```json\n[{\"content\":\"The user prefers tea.\",\"category\":\"preference\","
                        + "\"importance\":0.9}]\n```");
            }
            return ChatCompletionsStub.baseUrl(server);
        }
    }

    @Test
    void shouldExtractWithTheLlm() {
        given().contentType(ContentType.JSON).body(Map.of("text", "Tea, always tea for me."))
                .post("/v1/extract").then().statusCode(200).body("method", equalTo("llm"))
                .body("suggestions.content", equalTo(List.of("The user prefers tea.")))
                .body("suggestions[0].memoryType", equalTo("preference"))
                .body("suggestions[0].importance", equalTo(0.9f)).body("suggestions[0].rule", equalTo("llm"));
    }

    @Test
    void shouldFallBackToTheRulesWhenTheLlmFailsOrAnswersProse() {
        for (String marker : List.of(FAIL_MARKER, PROSE_MARKER)) {
            given().contentType(ContentType.JSON).body(Map.of("text", "I love green tea. " + marker))
                    .post("/v1/extract").then().statusCode(200).body("method", equalTo("rules"))
                    .body("suggestions.rule", equalTo(List.of("preference.like")));
        }
    }
}
