package dev.engram.agentcontext;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;

/** What POST /v1/context/build does with its request: limits of the issue, one embedding of the query. */
@QuarkusTest
class BuildContextRequestTest {

    /** The query is embedded once: memories, experiences and knowledge are searched with the same text. */
    @Test
    void shouldEmbedTheQueryOnce() {
        double hits = cacheCounter("hit");
        double misses = cacheCounter("miss");
        given().contentType(ContentType.JSON).body(Map.of("query", "Which pool size suits payments " + UUID.randomUUID()
                + "?")).post("/v1/context/build").then().statusCode(200);
        assertThat(cacheCounter("miss") - misses).as("embedded").isEqualTo(1);
        assertThat(cacheCounter("hit") - hits).as("served from the cache").isEqualTo(2);
    }

    /** The issue's limits apply (its description is the query when no query is given). */
    @Test
    void shouldRejectAnIssueDescriptionOverItsLimit() {
        given().contentType(ContentType.JSON).body(Map.of("issue", Map.of("description", "x".repeat(8001))))
                .post("/v1/context/build").then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/validation-failed"))
                .body("violations[0].field", endsWith("issue.description"));
    }

    private static double cacheCounter(String result) {
        Matcher m = Pattern.compile("engram_query_embedding_cache_total\\{result=\"" + result + "\"\\} ([0-9.E]+)")
                .matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
