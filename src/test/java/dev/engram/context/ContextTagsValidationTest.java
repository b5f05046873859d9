package dev.engram.context;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * A PATCH of a context's tags takes the create request's element constraints. Found by the fuzz audit: {@code "tags":
 * [null]} was answered 500 but committed, after which reading the context and listing the tenant's contexts were 500s
 * for good.
 */
@QuarkusTest
class ContextTagsValidationTest {

    private static final String PROBLEMS = "https://engram.dev/problems/";

    private static Response patch(String id, String json) {
        return given().contentType(ContentType.JSON).body(json).patch("/v1/contexts/" + id);
    }

    @Test
    void aNullOrBlankTagIsRefusedAndNothingIsStored() {
        String user = "tags-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", "Tagged", "userId", user, "tags", List.of("kept")))
                .post("/v1/contexts").then().statusCode(201).extract().path("id");

        for (String tags : List.of("[null]", "[\"ok\", null]", "[\"  \"]", "[\"\"]")) {
            patch(id, "{\"tags\": " + tags + ", \"name\": \"Renamed\"}").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "validation-failed"))
                    .body("violations.field", hasItem(startsWith("tags")));
        }

        // nothing was written, and the context and the tenant's list still read
        given().get("/v1/contexts/" + id).then().statusCode(200)
                .body("tags", equalTo(List.of("kept"))).body("name", equalTo("Tagged"));
        given().queryParam("userId", user).get("/v1/contexts").then().statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        given().get("/v1/contexts").then().statusCode(200);

        // a whitespace-only name, refused by create, is refused by a PATCH too (contexts, patterns, memory types)
        patch(id, "{\"name\": \"   \"}").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "validation-failed")).body("violations.field", hasItem("name"));
        String pattern = given().contentType(ContentType.JSON).body(Map.of("name", "P", "patternType", "workflow"))
                .post("/v1/patterns").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body("{\"name\": \"\\t \"}").patch("/v1/patterns/" + pattern).then()
                .statusCode(400).body("violations.field", hasItem("name"));
        given().contentType(ContentType.JSON).body("{\"name\": \" \"}").patch("/v1/memory-types/semantic").then()
                .statusCode(400).body("violations.field", hasItem("name"));
        given().get("/v1/contexts/" + id).then().statusCode(200).body("name", equalTo("Tagged"));

        patch(id, "{\"tags\": [\"a\", \"b\"]}").then().statusCode(200).body("tags", equalTo(List.of("a", "b")));
        patch(id, "{\"tags\": []}").then().statusCode(200).body("tags", equalTo(List.of()));
    }
}
