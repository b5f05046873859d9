package dev.engram.interaction;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class InteractionResourceTest {

    private static final String PROBLEMS = "https://engram.dev/problems/";
    private static final String INPUT = "I prefer tea over coffee. My name is Priya. What should I drink this afternoon?";

    @Inject
    AgroalDataSource dataSource;

    private static String memory(String user, double importance, double confidence) {
        return given().contentType(ContentType.JSON).body(Map.of("content", "Memory " + UUID.randomUUID(),
                        "userId", user, "importance", importance, "confidence", confidence))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
    }

    private static JsonPath interact(String user, Map<String, Object> feedback, List<String> used) {
        Map<String, Object> body = new HashMap<>();
        body.put("userInput", INPUT);
        body.put("assistantResponse", "Try a green tea, Priya.");
        body.put("userId", user);
        body.put("sessionId", "s-" + user);
        if (feedback != null) body.put("feedback", feedback);
        body.put("usedMemoryIds", used);
        return given().contentType(ContentType.JSON).body(body).post("/v1/interactions").then().statusCode(201)
                .extract().jsonPath();
    }

    private static double importance(String id) {
        return given().get("/v1/memories/" + id).then().statusCode(200).extract().jsonPath().getDouble("importance");
    }

    @Test
    void shouldStoreTheExchangeExtractTypedMemoriesAndRaiseTheUsedOnes() {
        String user = "u-int-" + UUID.randomUUID();
        String used = memory(user, 0.5, 0.8);
        String unknown = UUID.randomUUID().toString();
        JsonPath r = interact(user, Map.of("helpful", true, "relevant", true, "rating", 5), List.of(used, unknown));
        assertThat(r.getString("interaction.type")).isEqualTo("episodic");
        assertThat(r.getString("interaction.content")).isEqualTo("User: " + INPUT + "\nAssistant: Try a green tea, Priya.");
        assertThat(r.getString("interaction.metadata.sessionId")).isEqualTo("s-" + user);
        assertThat(r.getInt("interaction.metadata.feedback.rating")).isEqualTo(5);
        assertThat(r.getList("extracted.content")).containsExactly("I prefer tea over coffee.", "My name is Priya.");
        assertThat(r.getList("extracted.type")).containsExactly("preference", "semantic");
        assertThat(r.getList("extracted.userId")).containsOnly(user);
        assertThat(r.getList("extracted.entities")).containsExactly(List.of(), List.of("Priya"));
        assertThat(r.getString("extractionMethod")).isEqualTo("rules");
        assertThat(r.getDouble("feedbackSignal")).isEqualTo(1.0);
        assertThat(r.getList("adjustments.memoryId")).containsExactly(used);
        assertThat(r.getDouble("adjustments[0].before.importance")).isEqualTo(0.5);
        assertThat(r.getDouble("adjustments[0].after.importance")).isEqualTo(0.6);
        assertThat(r.getDouble("adjustments[0].after.confidence")).isEqualTo(0.85);
        assertThat(r.getList("missingMemoryIds")).containsExactly(unknown);
        given().get("/v1/memories/" + used).then().statusCode(200).body("importance", equalTo(0.6f))
                .body("confidence", equalTo(0.85f)).body("version", equalTo(1));
    }

    @Test
    void shouldNotStoreTheSameKeyInformationTwiceForOneUser() {
        String user = "u-dedup-" + UUID.randomUUID();
        assertThat(interact(user, null, List.of()).getList("extracted")).hasSize(2);
        JsonPath again = interact(user, null, List.of());
        assertThat(again.getList("extracted")).isEmpty();
        assertThat(again.getList("duplicates.content")).containsExactly("I prefer tea over coffee.", "My name is Priya.");
        assertThat(again.getString("interaction.id")).isNotNull();
        assertThat(interact("u-other-" + UUID.randomUUID(), null, List.of()).getList("extracted")).hasSize(2);
        given().queryParam("userId", user).queryParam("type", "preference").get("/v1/memories").then()
                .statusCode(200).body("items", hasSize(1));
    }

    @Test
    void negativeFeedbackShouldLowerWithinBounds() {
        String user = "u-neg-" + UUID.randomUUID();
        String low = memory(user, 0.04, 0.02);
        String mid = memory(user, 0.5, 0.5);
        JsonPath r = interact(user, Map.of("helpful", false, "relevant", false, "rating", 1), List.of(low, mid));
        assertThat(r.getDouble("feedbackSignal")).isEqualTo(-1.0);
        assertThat(importance(low)).isEqualTo(0.0);
        assertThat(importance(mid)).isEqualTo(0.4);
        given().get("/v1/memories/" + low).then().body("confidence", equalTo(0.0f));
        // mixed feedback: helpful (+1), rating 2 (-0.5) → +0.25 → importance +0.025
        interact(user, Map.of("helpful", true, "rating", 2), List.of(mid));
        assertThat(importance(mid)).isEqualTo(0.425);
        // no feedback: nothing changes
        JsonPath none = interact(user, null, List.of(mid));
        assertThat(none.getList("adjustments")).isEmpty();
        assertThat(importance(mid)).isEqualTo(0.425);
    }

    @Test
    void anotherTenantsMemoryShouldNotBeAdjusted() throws Exception {
        UUID foreign = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into memory (id, tenant_id, type_code, content, importance, occurred_at, created_at, updated_at,"
                        + " content_hash) values (?, 'other-tenant', 'semantic', 'theirs', 0.5, now(), now(), now(), 'h')")) {
            ps.setObject(1, foreign);
            ps.executeUpdate();
        }
        JsonPath r = interact("u-foreign-" + UUID.randomUUID(), Map.of("rating", 5), List.of(foreign.toString()));
        assertThat(r.getList("adjustments")).isEmpty();
        assertThat(r.getList("missingMemoryIds")).containsExactly(foreign.toString());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select importance from memory where id = ?")) {
            ps.setObject(1, foreign);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getFloat(1)).isEqualTo(0.5f);
            }
        }
    }

    @Test
    void anExchangeTooLargeForOneMemoryShouldNameTheFieldsTheCallerSent() {
        // 16,000 characters are within userInput's limit, but 48,000 bytes of UTF-8 are over max-content-bytes
        given().contentType(ContentType.JSON).body(Map.of("userInput", "\u20ac".repeat(16_000), "assistantResponse", "ok"))
                .post("/v1/interactions").then().statusCode(413).body("type", equalTo(PROBLEMS + "content-too-large"))
                .body("field", equalTo("userInput")).body("detail", containsString("userInput and assistantResponse"));
    }

    @Test
    void shouldRejectBadFeedback() {
        given().contentType(ContentType.JSON).body(Map.of("userInput", "hi", "assistantResponse", "hello",
                        "feedback", Map.of("rating", 6)))
                .post("/v1/interactions").then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
        given().contentType(ContentType.JSON).body(Map.of("assistantResponse", "hello"))
                .post("/v1/interactions").then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
    }
}
