package dev.engram.extraction;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ExtractionResourceTest {

    private static final String PROBLEMS = "https://engram.dev/problems/";

    @Test
    void shouldSuggestTheExpectedMemoriesForEverySentence() {
        JsonPath result = given().contentType(ContentType.JSON).body(Map.of("text", ExtractionFixture.text()))
                .post("/v1/extract").then().statusCode(200).body("method", equalTo("rules")).extract().jsonPath();
        List<Map<String, Object>> suggestions = result.getList("suggestions");
        Map<Integer, Set<String>> kinds = new HashMap<>();
        for (Map<String, Object> s : suggestions) {
            kinds.computeIfAbsent((Integer) s.get("sentence"), k -> new HashSet<>()).add((String) s.get("category"));
            assertThat(s.get("memoryType")).isEqualTo(ExtractionFixture.memoryType((String) s.get("category")));
        }
        List<String> sentences = new ArrayList<>(ExtractionFixture.SENTENCES.keySet());
        for (int i = 0; i < sentences.size(); i++) {
            assertThat(kinds.getOrDefault(i, Set.of())).as("sentence %d: %s", i, sentences.get(i))
                    .isEqualTo(ExtractionFixture.SENTENCES.get(sentences.get(i)));
        }
    }

    @Test
    void shouldLimitTheKinds() {
        given().contentType(ContentType.JSON).body(Map.of("text", "My name is Priya. I love tea.",
                        "extractTypes", List.of("name")))
                .post("/v1/extract").then().statusCode(200)
                .body("suggestions.category", equalTo(List.of("name")))
                .body("suggestions[0].value", equalTo("Priya")).body("suggestions[0].rule", equalTo("name.self"))
                .body("suggestions[0].memoryType", equalTo("semantic")).body("suggestions[0].importance", equalTo(0.8f));
    }

    @Test
    void shouldRejectBadInput() {
        given().contentType(ContentType.JSON).body(Map.of("text", "I like tea.", "extractTypes", List.of("mood")))
                .post("/v1/extract").then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
        given().contentType(ContentType.JSON).body(Map.of("text", " ")).post("/v1/extract").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "validation-failed"));
        // found by ApiFuzzTest (seed 8021222192968): a null kind was a 500
        given().contentType(ContentType.JSON).body("{\"text\":\"uhotc\",\"extractTypes\":[null]}")
                .post("/v1/extract").then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
    }
}
