package dev.engram.memory;

import dev.engram.platform.Problem;
import dev.engram.platform.ProblemType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * A PATCH of a memory validates keywords, entities and content as a create does. Found by the fuzz audit:
 * {@code "keywords": [null]} and {@code "entities": [null]} were 500s (a NullPointerException building the answer),
 * while blank keywords such as {@code "  "} were stored, which a create refuses.
 */
@QuarkusTest
class MemoryPatchValidationTest {

    @Test
    void nullOrBlankKeywordsEntitiesAndContentAreRefusedAndNothingIsWritten() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("content", "The build server lives in rack 4", "keywords", List.of("build"),
                        "entities", List.of("rack 4")))
                .post("/v1/memories").then().statusCode(201).extract().path("id");

        for (String change : List.of("{\"keywords\": [null]}", "{\"keywords\": [\"ok\", null]}",
                "{\"keywords\": [\"  \"]}", "{\"keywords\": [\"\"]}", "{\"entities\": [null]}",
                "{\"entities\": [\"\\t\"]}", "{\"content\": \"   \"}", "{\"content\": \"\"}",
                "{\"keywords\": [null], \"importance\": 0.9}")) {
            String field = change.substring(2, change.indexOf('"', 2));
            given().contentType(ContentType.JSON).body(change).patch("/v1/memories/" + id).then()
                    .statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(ProblemType.BASE + "validation-failed"))
                    .body("violations.field", hasItem(startsWith(field)));
        }

        given().get("/v1/memories/" + id).then().statusCode(200).body("version", equalTo(0))
                .body("keywords", equalTo(List.of("build"))).body("entities", equalTo(List.of("rack 4")))
                .body("content", equalTo("The build server lives in rack 4")).body("importance", equalTo(0.5f));
        given().contentType(ContentType.JSON).body(Map.of("keywords", List.of("ci"), "entities", List.of()))
                .patch("/v1/memories/" + id).then().statusCode(200)
                .body("keywords", equalTo(List.of("ci"))).body("entities", equalTo(List.of()));
    }
}
