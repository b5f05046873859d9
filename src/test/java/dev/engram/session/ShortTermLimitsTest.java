package dev.engram.session;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Tiny caps and TTLs: trimming, tenant-cap eviction and expiry, observed in the real Redis. */
@QuarkusTest
@TestProfile(ShortTermLimitsTest.TinyLimits.class)
class ShortTermLimitsTest {

    public static class TinyLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "engram.tenant.default-tenant", "limits-" + UUID.randomUUID(),
                    "engram.short-term.max-turns-per-session", "5",
                    "engram.short-term.max-sessions-per-tenant", "3",
                    "engram.short-term.session-min-ttl", "PT1S",
                    "engram.cache.max-entries-per-tenant", "3");
        }
    }

    private static void append(String session, Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).post("/v1/sessions/" + session + "/messages")
                .then().statusCode(200);
    }

    @Test
    void shouldTrimTheOldestTurnsAtTheCap() {
        String session = "trim-" + UUID.randomUUID();
        for (int i = 1; i <= 8; i++) {
            append(session, Map.of("messages", List.of(Map.of("role", "user", "content", "turn " + i))));
        }
        given().get("/v1/sessions/" + session).then().statusCode(200)
                .body("turns.content", equalTo(List.of("turn 4", "turn 5", "turn 6", "turn 7", "turn 8")))
                .body("turns.seq", equalTo(List.of(4, 5, 6, 7, 8))).body("turnCount", equalTo(5));
    }

    @Test
    void shouldEvictTheLeastRecentlyActiveSessionAtTheTenantCap() throws InterruptedException {
        List<String> ids = List.of("e1-" + UUID.randomUUID(), "e2-" + UUID.randomUUID(), "e3-" + UUID.randomUUID(),
                "e4-" + UUID.randomUUID());
        for (String id : ids) {
            append(id, Map.of("messages", List.of(Map.of("role", "user", "content", "hello"))));
            Thread.sleep(5);
        }
        given().get("/v1/sessions/" + ids.get(0)).then().statusCode(404);
        for (String id : ids.subList(1, 4)) {
            given().get("/v1/sessions/" + id).then().statusCode(200);
        }
        assertThat(given().get("/v1/sessions").then().extract().jsonPath().getList("sessionId", String.class))
                .doesNotContain(ids.get(0)).hasSizeLessThanOrEqualTo(3);
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).containsPattern("engram_sessions_evicted_total [1-9]");
    }

    @Test
    void sessionsShouldExpireAfterTheirTtl() throws InterruptedException {
        String session = "ttl-" + UUID.randomUUID();
        long appendedAt = System.nanoTime();
        append(session, Map.of("ttlSeconds", 3, "messages", List.of(Map.of("role", "user", "content", "short-lived"))));
        int status = given().get("/v1/sessions/" + session).then().extract().statusCode();
        if (System.nanoTime() - appendedAt < 2_500_000_000L) {
            assertThat(status).as("alive before its TTL").isEqualTo(200);
        }
        // expired within a bounded time after the TTL (the machine may be busy: poll instead of one fixed sleep)
        long deadline = appendedAt + 15_000_000_000L;
        while (status != 404 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = given().get("/v1/sessions/" + session).then().extract().statusCode();
        }
        assertThat(status).isEqualTo(404);
        assertThat((System.nanoTime() - appendedAt) / 1_000_000L).as("gone only after its TTL").isGreaterThanOrEqualTo(2_900);
    }

    /** Waits until {@code path} answers 404 (its short TTL ran out), bounded. */
    private static void awaitGone(String path) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (given().get(path).then().extract().statusCode() != 404 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        given().get(path).then().statusCode(404);
    }

    private static List<String> listedSessions() {
        return given().get("/v1/sessions").then().statusCode(200).extract().jsonPath().getList("sessionId", String.class);
    }

    @Test
    void expiredSessionsShouldNotCountAgainstTheCapNorPushOutALiveOne() throws InterruptedException {
        listedSessions().forEach(id -> given().delete("/v1/sessions/" + id).then().statusCode(204));
        String lasting = "lasting-" + UUID.randomUUID();
        append(lasting, Map.of("messages", List.of(Map.of("role", "user", "content", "keep me"))));
        Thread.sleep(5);
        List<String> shortLived = List.of("short1-" + UUID.randomUUID(), "short2-" + UUID.randomUUID());
        for (String id : shortLived) {
            append(id, Map.of("ttlSeconds", 1, "messages", List.of(Map.of("role", "user", "content", "brief"))));
        }
        for (String id : shortLived) {
            awaitGone("/v1/sessions/" + id);
        }
        // the cap is 3: the two expired sessions must not count, so nothing live is evicted
        String next = "next-" + UUID.randomUUID();
        append(next, Map.of("messages", List.of(Map.of("role", "user", "content", "hello"))));
        given().get("/v1/sessions/" + lasting).then().statusCode(200).body("turns[0].content", equalTo("keep me"));

        // and the cap still holds among live sessions: the least recently written goes first
        List<String> more = List.of("more1-" + UUID.randomUUID(), "more2-" + UUID.randomUUID());
        for (String id : more) {
            Thread.sleep(5);
            append(id, Map.of("messages", List.of(Map.of("role", "user", "content", "hello"))));
        }
        given().get("/v1/sessions/" + lasting).then().statusCode(404);
        assertThat(listedSessions()).containsExactlyInAnyOrder(next, more.get(0), more.get(1));
    }

    @Test
    void expiredValuesShouldNotCountAgainstTheCapNorPushOutALiveOne() throws InterruptedException {
        // temp, not cache: no other test of this class writes it, so the namespace starts empty
        given().contentType(ContentType.JSON).body(Map.of("n", "lasting")).put("/v1/temp/lasting").then().statusCode(200);
        Thread.sleep(5);
        for (String key : List.of("short1", "short2")) {
            given().contentType(ContentType.JSON).body(Map.of("n", key)).queryParam("ttlSeconds", 1)
                    .put("/v1/temp/" + key).then().statusCode(200);
        }
        awaitGone("/v1/temp/short1");
        awaitGone("/v1/temp/short2");
        given().contentType(ContentType.JSON).body(Map.of("n", "next")).put("/v1/temp/next").then().statusCode(200);
        given().get("/v1/temp/lasting").then().statusCode(200).body("value.n", equalTo("lasting"));

        for (String key : List.of("more1", "more2")) {
            Thread.sleep(5);
            given().contentType(ContentType.JSON).body(Map.of("n", key)).put("/v1/temp/" + key).then().statusCode(200);
        }
        given().get("/v1/temp/lasting").then().statusCode(404);
        for (String key : List.of("next", "more1", "more2")) {
            given().get("/v1/temp/" + key).then().statusCode(200).body("value.n", equalTo(key));
        }
    }

    @Test
    void valuesShouldBeEvictedOldestFirstAtTheTenantCap() throws InterruptedException {
        for (int i = 1; i <= 4; i++) {
            given().contentType(ContentType.JSON).body(Map.of("n", i)).put("/v1/cache/k" + i).then().statusCode(200);
            Thread.sleep(5);
        }
        given().get("/v1/cache/k1").then().statusCode(404);
        given().get("/v1/cache/k4").then().statusCode(200).body("value.n", equalTo(4));
    }
}
