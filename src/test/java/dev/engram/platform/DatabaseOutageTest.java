package dev.engram.platform;

import dev.engram.testing.TestServices;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** PostgreSQL stops: requests answer 503 database-unavailable with Retry-After; after it returns, all works again. */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void shouldAnswer503WhileDownAndRecoverWithoutRestart() throws InterruptedException {
        assumeThat(TestServices.ownsPostgres()).as("needs the suite's own PostgreSQL").isTrue();
        String user = "outage-" + UUID.randomUUID();
        String before = given().contentType(ContentType.JSON).body(Map.of("content", "stored before", "userId", user))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        TestServices.stopPostgres();
        try {
            given().contentType(ContentType.JSON).body(Map.of("content", "during outage", "userId", user))
                    .post("/v1/memories").then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("https://engram.dev/problems/database-unavailable"))
                    .header("Retry-After", notNullValue());
            given().get("/v1/memories/" + before).then().statusCode(503)
                    .body("type", equalTo("https://engram.dev/problems/database-unavailable"));
            given().contentType(ContentType.JSON).body(Map.of("query", "stored")).post("/v1/memories/search")
                    .then().statusCode(503);
        } finally {
            TestServices.startPostgres();
        }
        int status = 0;
        for (int attempt = 0; attempt < 40 && status != 201; attempt++) {
            status = given().contentType(ContentType.JSON).body(Map.of("content", "stored after", "userId", user))
                    .post("/v1/memories").statusCode();
            if (status != 201) {
                Thread.sleep(250);
            }
        }
        assertThat(status).isEqualTo(201);
        given().get("/v1/memories/" + before).then().statusCode(200).body("content", equalTo("stored before"));
    }
}
