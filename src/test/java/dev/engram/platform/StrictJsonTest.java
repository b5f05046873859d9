package dev.engram.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * JSON bodies are read strictly: what a client sends is what Engram stores, or the request is refused with a problem
 * that says why. Each test pins a finding of a fuzz audit that was a 2xx with silently changed data, or a 400 whose
 * detail named the wrong limit.
 */
@QuarkusTest
class StrictJsonTest {

    private static ValidatableResponse problem(Response r, int status, String type) {
        assertThat(ApiFuzzTest.LEAK.matcher(r.asString()).find()).as(r.asString()).isFalse();
        return r.then().statusCode(status).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.BASE + type)).body("status", equalTo(status));
    }

    private static Response post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json.getBytes(StandardCharsets.UTF_8)).post(path);
    }

    private static Response put(String path, String json) {
        return given().contentType(ContentType.JSON).body(json.getBytes(StandardCharsets.UTF_8)).put(path);
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    @Test
    void aJsonLimitIsNamedForWhatItLimits() {
        // every StreamConstraintsException used to be reported as the nesting-depth limit
        problem(post("/v1/memories", "{\"content\":\"x\",\"importance\":1" + "0".repeat(1100) + "}"), 400,
                "malformed-json").body("detail", allOf(containsString("number"), containsString("1000 digits"),
                        not(containsString("nest"))));
        problem(put("/v1/cache/long-number", "{\"a\":" + "1".repeat(2000) + "}"), 400, "malformed-json")
                .body("detail", allOf(containsString("1000 digits"), not(containsString("nest"))));
        problem(post("/v1/memories", "{\"content\":\"x\",\"metadata\":{\"" + "k".repeat(50_001) + "\":1}}"), 400,
                "malformed-json").body("detail", allOf(containsString("field name"), containsString("50000"),
                        not(containsString("nest"))));
        // depth keeps its own detail
        problem(post("/v1/memories", "{\"content\":\"x\",\"metadata\":" + "{\"d\":".repeat(40) + "1" + "}".repeat(40) + "}"),
                400, "malformed-json").body("detail", containsString("max-json-depth"));
        // a string over Jackson's string limit cannot pass the body limits cheaply: the mapping is checked directly
        jakarta.ws.rs.core.Response r = new ProblemExceptionMappers().malformedJson(
                new com.fasterxml.jackson.core.exc.StreamConstraintsException("String value length (20000001) exceeds"
                        + " the maximum allowed (20000000, from `StreamReadConstraints.getMaxStringLength()`)"), null);
        assertThat(((Problem) r.getEntity()).detail()).contains("string").contains("20000000")
                .doesNotContain("nest").doesNotContain("StreamReadConstraints");
    }

    @Test
    void trailingContentAfterTheBodyIsMalformed() {
        // {"content":"x"} followed by anything used to be a 201: the rest was never read
        problem(post("/v1/memories", "{\"content\":\"trailing\"} this is not json"), 400, "malformed-json");
        problem(post("/v1/memories", "{\"content\":\"a\"}{\"content\":\"b\"}"), 400, "malformed-json");
        problem(put("/v1/cache/trailing", "{}{}"), 400, "malformed-json");
        problem(put("/v1/cache/trailing", "{\"a\":1} x"), 400, "malformed-json");
        given().get("/v1/cache/trailing").then().statusCode(404);
        // whitespace after the body is not content
        put("/v1/cache/trailing", "{\"a\":1}\n\n  ").then().statusCode(200);
    }

    @Test
    void scalarsOfTheWrongTypeAreNotCoerced() {
        // "" and blanks for numbers became "absent" (importance 0.5), scalars became strings, "0.5" became 0.5
        for (String importance : new String[]{"\"\"", "\"   \"", "\"0.5\"", "true"}) {
            problem(post("/v1/memories", "{\"content\":\"x\",\"importance\":" + importance + "}"), 400,
                    "validation-failed").body("violations[0].field", equalTo("importance"))
                    .body("detail", containsString("importance has the wrong JSON type (expected a number)"));
        }
        problem(post("/v1/memories", "{\"content\":12345}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("content"))
                .body("detail", containsString("content has the wrong JSON type (expected a string)"));
        problem(post("/v1/memories", "{\"content\":\"x\",\"userId\":true}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("userId"));
        problem(post("/v1/memories", "{\"content\":\"x\",\"keywords\":[\"a\", 1.5]}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("keywords[1]"));
        problem(given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"id\":123,\"name\":\"numeric\"}").post("/v1/admin/tenants"), 400, "validation-failed")
                .body("violations[0].field", equalTo("id"));
        problem(post("/v1/maintenance/consolidate", "{\"dryRun\":\"true\"}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("dryRun"));
        problem(post("/v1/maintenance/consolidate", "{\"dryRun\":1}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("dryRun"));
        // a 64 KB string for a number is a wrong type, not "a number too long"
        problem(post("/v1/context/build", "{\"query\":\"q\",\"maxTokens\":\"" + "x".repeat(65_536) + "\"}"), 400,
                "validation-failed").body("violations[0].field", equalTo("maxTokens"));
        problem(post("/v1/context/build", "{\"query\":\"q\",\"maxTokens\":500.7}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("maxTokens")); // was cut to 500
        // proper types still pass: an integer for a double, booleans, and query parameters (which are not JSON)
        post("/v1/memories", "{\"content\":\"typed\",\"importance\":1,\"confidence\":0.25}").then().statusCode(201)
                .body("importance", equalTo(1.0f));
        given().queryParam("limit", "5").get("/v1/memories").then().statusCode(200);
    }

    @Test
    void numbersOutsideTheRangeOfADoubleAreRefusedNotChanged() {
        // {"a":1e309,"b":-1e309,"c":1e-400} used to be stored as {"a":"Infinity","b":"-Infinity","c":0.0}
        problem(put("/v1/cache/range", "{\"a\":1e309}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("a")).body("detail", containsString("1e309"));
        problem(put("/v1/cache/range", "{\"x\":{\"b\":[1, -1e309]}}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("x.b[1]"));
        problem(put("/v1/cache/range", "{\"c\":1e-400}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("c"));
        problem(put("/v1/cache/range", "1e309"), 400, "validation-failed");
        given().get("/v1/cache/range").then().statusCode(404);
        problem(post("/v1/memories", "{\"content\":\"x\",\"metadata\":{\"a\":1e309}}"), 400, "validation-failed")
                .body("violations[0].field", equalTo("metadata.a"));
        problem(post("/v1/memories", "{\"content\":\"x\",\"metadata\":{\"n\":{\"c\":[-2.5e-999]}}}"), 400,
                "validation-failed").body("violations[0].field", equalTo("metadata.n.c[0]"));
        // the extremes of a double, zero and subnormals are stored as sent
        put("/v1/cache/range", "{\"max\":1.7976931348623157e308,\"min\":4.9e-324,\"zero\":0.0,\"z\":0e999,"
                + "\"neg\":-1e-320}").then().statusCode(200);
        JsonNode value = read(given().get("/v1/cache/range").then().statusCode(200).extract().asString()).get("value");
        assertThat(value.get("max").doubleValue()).isEqualTo(Double.MAX_VALUE);
        assertThat(value.get("min").doubleValue()).isEqualTo(Double.MIN_VALUE);
        assertThat(value.get("zero").doubleValue()).isEqualTo(0.0);
        assertThat(value.get("neg").doubleValue()).isEqualTo(-1e-320);
        String id = post("/v1/memories", "{\"content\":\"large numbers\",\"metadata\":{\"a\":1e308}}").then()
                .statusCode(201).extract().path("id");
        assertThat(read(given().get("/v1/memories/" + id).asString()).path("metadata").path("a").doubleValue())
                .isEqualTo(1e308);
    }
}
