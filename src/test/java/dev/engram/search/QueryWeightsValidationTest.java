package dev.engram.search;

import dev.engram.platform.Problem;
import dev.engram.platform.ProblemType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Each of {@code queryWeights} is a finite number from 0 to 1000000. Found by the fuzz audit: {@code [null, 1]} was a
 * 500 (a NullPointerException while summing the weights), and {@code 1e309} parsed to Infinity and was accepted.
 */
@QuarkusTest
class QueryWeightsValidationTest {

    private static Response search(String json) {
        return given().contentType(ContentType.JSON).body(json.getBytes(StandardCharsets.UTF_8))
                .post("/v1/memories/search");
    }

    @Test
    void aNullNegativeInfiniteOrHugeWeightIsAValidationProblem() {
        for (String weights : List.of("[null, 1]", "[1, null]", "[1e309, 1]", "[-1e309, 1]", "[-0.5, 1]",
                "[1000000.5, 1]")) {
            search("{\"queries\": [\"coffee\", \"tea\"], \"aggregation\": \"weighted\", \"queryWeights\": " + weights
                    + "}").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(ProblemType.BASE + "validation-failed"))
                    .body("violations.field", everyItem(startsWith("queryWeights")));
        }
        search("{\"queries\": [\"coffee\", \"tea\"], \"aggregation\": \"weighted\", \"queryWeights\": [0, 1000000]}")
                .then().statusCode(200);
        search("{\"queries\": [\"coffee\", \"coffee\"], \"aggregation\": \"weighted\", \"queryWeights\": [0.5, 2]}")
                .then().statusCode(200);
    }
}
