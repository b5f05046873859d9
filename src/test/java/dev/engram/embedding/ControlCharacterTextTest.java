package dev.engram.embedding;

import dev.engram.platform.Problem;
import dev.engram.platform.ProblemType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A text to embed made only of control characters U+0001–U+001F (which {@code @NotBlank} does not take for whitespace,
 * but LangChain4j's {@code TextSegment} trims away) is a {@code 400 invalid-text}, on every path that embeds, and
 * nothing is written. Found by the fuzz audit: each of these was a 500 ("text cannot be null or blank").
 */
@QuarkusTest
class ControlCharacterTextTest {

    /** JSON escapes, so the body holds the control characters themselves once parsed. */
    private static final List<String> UNREADABLE = List.of("\\u0001", "\\u0008\\u000e\\u001b", "\\u001f \\u0002");

    private static ValidatableResponse invalidText(Response r) {
        return r.then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.BASE + "invalid-text")).body("status", equalTo(400))
                .body("detail", containsString("no characters the embedding model reads"));
    }

    private static Response post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json.getBytes(StandardCharsets.UTF_8)).post(path);
    }

    private static Response patch(String path, String json) {
        return given().contentType(ContentType.JSON).body(json.getBytes(StandardCharsets.UTF_8)).patch(path);
    }

    @Test
    void memoryWritesAndSearchesRefuseControlOnlyText() {
        String user = "ctl-" + UUID.randomUUID();
        String id = post("/v1/memories", "{\"content\": \"a readable memory\", \"userId\": \"" + user + "\"}")
                .then().statusCode(201).extract().path("id");
        for (String text : UNREADABLE) {
            invalidText(post("/v1/memories", "{\"content\": \"" + text + "\", \"userId\": \"" + user + "\"}"));
            invalidText(post("/v1/memories/batch", "{\"memories\": [{\"content\": \"fine\", \"userId\": \"" + user
                    + "\"}, {\"content\": \"" + text + "\", \"userId\": \"" + user + "\"}]}"));
            invalidText(patch("/v1/memories/" + id, "{\"content\": \"" + text + "\"}"));
            invalidText(post("/v1/memories/search", "{\"query\": \"" + text + "\"}"));
            invalidText(post("/v1/memories/search", "{\"queries\": [\"fine\", \"" + text + "\"]}"));
            invalidText(post("/v1/context/build", "{\"query\": \"" + text + "\"}"));
        }
        // nothing was written: the one memory of the user is the readable one, unchanged, at its first version
        given().queryParam("userId", user).get("/v1/memories").then().statusCode(200)
                .body("items.id", equalTo(List.of(id))).body("items[0].content", equalTo("a readable memory"))
                .body("items[0].version", equalTo(0));
    }

    @Test
    void knowledgeAndExperiencesRefuseControlOnlyText() {
        String id = post("/v1/knowledge", "{\"name\": \"ctl-" + UUID.randomUUID() + "\"}").then().statusCode(201)
                .extract().path("id");
        for (String text : UNREADABLE) {
            invalidText(post("/v1/knowledge", "{\"name\": \"" + text + "\"}"));
            invalidText(given().contentType(ContentType.JSON).body(("{\"name\": \"" + text + "\"}")
                    .getBytes(StandardCharsets.UTF_8)).put("/v1/knowledge/" + id));
            invalidText(post("/v1/knowledge/search", "{\"query\": \"" + text + "\"}"));
            invalidText(post("/v1/experiences/similar", "{\"prompt\": \"" + text + "\"}"));
        }
        given().get("/v1/knowledge/" + id).then().statusCode(200).body("version", equalTo(1));
    }

    @Test
    void sessionContextAndPromotionRefuseControlOnlyText() {
        String session = "ctl-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user",
                "content", "hello there")))).post("/v1/sessions/" + session + "/messages").then().statusCode(200);
        for (String query : List.of("%01", "%08%0E%1B")) {
            invalidText(given().urlEncodingEnabled(false).get("/v1/sessions/" + session + "/context?query=" + query));
        }
        given().get("/v1/sessions/" + session + "/context?query=hello").then().statusCode(200);

        // turns of nothing readable are passed over by promotion (refusing them would fail every later promotion)
        post("/v1/sessions/" + session + "/messages", "{\"messages\": [{\"role\": \"user\", \"content\": \"\\u0001\"},"
                + " {\"role\": \"assistant\", \"content\": \"\\u200b\\u0301\"}]}").then().statusCode(200);
        given().post("/v1/sessions/" + session + "/promote").then().statusCode(200)
                .body("promotedThroughSeq", equalTo(3)).body("memories.content", equalTo(List.of("hello there")));
        given().post("/v1/sessions/" + session + "/promote").then().statusCode(200).body("memories", hasSize(0));
    }

    @Test
    void readableMeansACharacterTheTokenizerKeeps() {
        assertThat(Embedder.isReadable("\u0001\u001b \u200b\u0301\u00a0\t")).isFalse();
        assertThat(Embedder.isReadable(null)).isFalse();
        assertThat(Embedder.isReadable("\u200bé")).isTrue();
        assertThat(Embedder.isReadable("🙂")).isTrue();
    }
}
