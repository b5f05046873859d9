package dev.engram.platform;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/** Health probes, Prometheus metrics with Engram's timers, OpenAPI document and Swagger UI. */
@QuarkusTest
class OperationsTest {

    @Test
    void healthProbesShouldCoverDatabaseRedisAndModel() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "redis",
                        "embedding-model"))
                .body("checks.find { it.name == 'embedding-model' }.data.dimension", equalTo(384));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItems("embedding-model"));
    }

    @Test
    void metricsShouldTimeEmbedStoreAndSearch() {
        given().contentType(ContentType.JSON).body(Map.of("content", "metrics probe")).post("/v1/memories")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("query", "metrics")).post("/v1/memories/search")
                .then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("engram_embed_seconds_count"))
                .body(containsString("engram_store_seconds_count"))
                .body(containsString("engram_search_seconds_count{mode=\"hybrid\"}"));
    }

    @Test
    void openApiShouldDocumentTheApi() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/memories'.post", notNullValue())
                .body("paths.'/v1/memories/search'.post", notNullValue())
                .body("paths.'/v1/memories/batch'.post", notNullValue())
                .body("paths.'/v1/contexts/{id}/memories'.get", notNullValue())
                .body("paths.'/v1/memory-types'.get", notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
