package dev.engram.memory;

import dev.engram.platform.Problem;
import dev.engram.platform.ProblemType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * A PATCH refuses an {@code expiresAt} that is not in the future, as a create does (docs/problems.md:
 * validation-failed). Found by the fuzz audit: a PATCH stored a past expiry (200), which expired the memory at once.
 */
@QuarkusTest
class MemoryPatchExpiryTest {

    @Test
    void aPastExpiryIsRefusedAndNothingIsWritten() {
        String id = given().contentType(ContentType.JSON).body(Map.of("content", "Parking permit for March"))
                .post("/v1/memories").then().statusCode(201).extract().path("id");

        for (String past : new String[] {"2001-01-01T00:00:00Z", Instant.now().minusSeconds(5).toString()}) {
            given().contentType(ContentType.JSON).body(Map.of("expiresAt", past, "importance", 0.9))
                    .patch("/v1/memories/" + id).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(ProblemType.BASE + "validation-failed"))
                    .body("violations[0].field", equalTo("expiresAt"));
        }
        given().get("/v1/memories/" + id).then().statusCode(200).body("expiresAt", nullValue())
                .body("version", equalTo(0)).body("importance", equalTo(0.5f));

        String future = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        given().contentType(ContentType.JSON).body(Map.of("expiresAt", future)).patch("/v1/memories/" + id)
                .then().statusCode(200).body("expiresAt", equalTo(future));
    }
}
