package dev.engram.search;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The same search text is embedded once while cached; hits and misses are counted in metrics. */
@QuarkusTest
class QueryEmbeddingCacheTest {

    private static double counter(String result) {
        String metrics = given().get("/q/metrics").asString();
        Matcher m = Pattern.compile("engram_query_embedding_cache_total\\{result=\"" + result + "\"\\} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void repeatedQueriesShouldHitTheCache() {
        String query = "cache probe " + UUID.randomUUID();
        double hits = counter("hit");
        double misses = counter("miss");
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("query", query)).post("/v1/memories/search")
                    .then().statusCode(200);
        }
        assertThat(counter("miss") - misses).isEqualTo(1);
        assertThat(counter("hit") - hits).isEqualTo(2);
    }
}
