package dev.engram.session;

import dev.engram.platform.ClusterJob;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The scheduled job promotes sessions about to expire and leaves the others alone. */
@QuarkusTest
class SessionPromotionJobTest {

    @Inject
    SessionPromotionJob job;

    @Test
    void shouldPromoteOnlySessionsAboutToExpire() {
        String expiring = "expiring-" + UUID.randomUUID();
        String lasting = "lasting-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("ttlSeconds", 120, "messages",
                        List.of(Map.of("role", "user", "content", "I live in Porto."))))
                .post("/v1/sessions/" + expiring + "/messages").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("messages",
                        List.of(Map.of("role", "user", "content", "I live in Lyon."))))
                .post("/v1/sessions/" + lasting + "/messages").then().statusCode(200);

        job.promoteExpiring("default");

        given().get("/v1/sessions/" + expiring).then().body("promotedThroughSeq", equalTo(1));
        given().get("/v1/sessions/" + lasting).then().body("promotedThroughSeq", equalTo(0));
    }

    @Test
    void theScheduledRunShouldNotTakeACacheKeyForASessionIndex() {
        // engram:default:cache:x:sessions is a string that matches the scan pattern engram:*:sessions
        given().contentType(ContentType.JSON).body(Map.of("v", 1)).put("/v1/cache/x:sessions").then().statusCode(200);
        String expiring = "expiring-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("ttlSeconds", 120, "messages",
                        List.of(Map.of("role", "user", "content", "I live in Ghent."))))
                .post("/v1/sessions/" + expiring + "/messages").then().statusCode(200);

        ClusterJob.Result result = job.run("test");

        assertThat(result.success()).as(result.summary()).isTrue();
        given().get("/v1/sessions/" + expiring).then().body("promotedThroughSeq", equalTo(1));
    }
}
