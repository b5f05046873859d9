package dev.engram.cache;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

@QuarkusTest
class ValueResourceTest {

    @Test
    void cacheShouldStoreAnyJsonWithTheDefaultTtl() {
        String key = "req/" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("answer", 42, "tags", List.of("a", "b")))
                .put("/v1/cache/" + key).then().statusCode(200)
                .body("key", equalTo(key)).body("ttlSeconds", equalTo(300));
        given().get("/v1/cache/" + key).then().statusCode(200)
                .body("value.answer", equalTo(42)).body("value.tags", equalTo(List.of("a", "b")))
                .body("ttlSeconds", greaterThan(290)).body("ttlSeconds", lessThanOrEqualTo(300));
        given().delete("/v1/cache/" + key).then().statusCode(204);
        given().get("/v1/cache/" + key).then().statusCode(404)
                .body("type", equalTo("https://engram.dev/problems/not-found"));
    }

    @Test
    void tempShouldDefaultToThirtyMinutesAndAcceptScalars() {
        String key = "scratch-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("\"just a string\"").put("/v1/temp/" + key).then().statusCode(200)
                .body("ttlSeconds", equalTo(1800));
        given().get("/v1/temp/" + key).then().statusCode(200).body("value", equalTo("just a string"));
        given().get("/v1/cache/" + key).then().statusCode(404);
    }

    @Test
    void entriesShouldExpireAfterTheirTtl() throws InterruptedException {
        String key = "ttl-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("x", 1)).queryParam("ttlSeconds", 1)
                .put("/v1/cache/" + key).then().statusCode(200).body("ttlSeconds", equalTo(1));
        Thread.sleep(1600);
        given().get("/v1/cache/" + key).then().statusCode(404);
    }

    @Test
    void badInputShouldBeProblems() {
        given().contentType(ContentType.JSON).body(Map.of("x", 1)).queryParam("ttlSeconds", 0)
                .put("/v1/cache/k").then().statusCode(400).body("violations[0].field", equalTo("ttlSeconds"));
        given().contentType(ContentType.JSON).body(Map.of("x", 1)).queryParam("ttlSeconds", 999_999)
                .put("/v1/cache/k").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("x", "y".repeat(300_000)))
                .put("/v1/cache/k").then().statusCode(413)
                .body("type", equalTo("https://engram.dev/problems/content-too-large"));
        given().contentType(ContentType.JSON).body(Map.of("x", 1)).put("/v1/cache/-bad").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"x\": ").put("/v1/cache/k").then().statusCode(400)
                .body("type", equalTo("https://engram.dev/problems/malformed-json"));
    }
}
