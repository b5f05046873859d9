package dev.engram.session;

import dev.engram.platform.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

@QuarkusTest
class SessionResourceTest {

    @Inject
    RedisDataSource redis;
    @Inject
    SessionStore store;
    @Inject
    ShortTermConfig config;
    @Inject
    io.agroal.api.AgroalDataSource db;

    private static Map<String, Object> turn(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    private static void append(String session, Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).post("/v1/sessions/" + session + "/messages")
                .then().statusCode(200);
    }

    private static String newSession() {
        return "s-" + UUID.randomUUID();
    }

    @Test
    void shouldAppendAndReadTurnsWithMetadata() {
        String session = newSession();
        given().contentType(ContentType.JSON).body(Map.of("userId", "u1", "agentId", "a1",
                        "messages", List.of(turn("system", "You are helpful."), turn("user", "Hi, I'm Ada."))))
                .post("/v1/sessions/" + session + "/messages").then().statusCode(200)
                .body("firstSeq", equalTo(1)).body("lastSeq", equalTo(2)).body("turnCount", equalTo(2))
                .body("ttlSeconds", equalTo(3600));
        append(session, Map.of("messages", List.of(Map.of("role", "assistant", "content", "Hello Ada!",
                "name", "helper", "metadata", Map.of("latencyMs", 120)))));
        given().get("/v1/sessions/" + session).then().statusCode(200)
                .body("userId", equalTo("u1")).body("agentId", equalTo("a1"))
                .body("turns.seq", equalTo(List.of(1, 2, 3)))
                .body("turns.role", equalTo(List.of("system", "user", "assistant")))
                .body("turns[2].name", equalTo("helper")).body("turns[2].metadata.latencyMs", equalTo(120))
                .body("turnCount", equalTo(3)).body("accessCount", equalTo(1))
                .body("ttlSeconds", greaterThan(3590)).body("ttlSeconds", lessThanOrEqualTo(3600));
        given().queryParam("limit", 1).get("/v1/sessions/" + session).then()
                .body("turns.seq", equalTo(List.of(3))).body("accessCount", equalTo(2));
    }

    @Test
    void concurrentAppendersShouldNeverLoseOrReorderATurn() throws Exception {
        String session = newSession();
        int writers = 20;
        int appendsEach = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < appendsEach; i++) {
                    append(session, Map.of("messages", List.of(turn("user", writer + ":" + i + ":a"),
                            turn("assistant", writer + ":" + i + ":b"))));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        JsonPath s = given().get("/v1/sessions/" + session).then().statusCode(200).extract().jsonPath();
        List<Integer> seqs = s.getList("turns.seq", Integer.class);
        List<String> contents = s.getList("turns.content", String.class);
        assertThat(seqs).hasSize(writers * appendsEach * 2);
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1);
        }
        Map<String, Integer> lastPerWriter = new HashMap<>();
        for (int i = 0; i < contents.size(); i += 2) {
            String[] a = contents.get(i).split(":");
            assertThat(contents.get(i + 1)).as("a request's turns stay together").isEqualTo(a[0] + ":" + a[1] + ":b");
            int previous = lastPerWriter.getOrDefault(a[0], -1);
            assertThat(Integer.parseInt(a[1])).as("writer order").isEqualTo(previous + 1);
            lastPerWriter.put(a[0], previous + 1);
        }
        assertThat(lastPerWriter).hasSize(writers).allSatisfy((w, last) -> assertThat(last).isEqualTo(appendsEach - 1));
    }

    @Test
    void contextShouldRespectTheBudgetAndBringRelevantMemories() {
        String user = "ctx-user-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("memories", List.of(
                Map.of("content", "The user is allergic to peanuts", "userId", user, "type", "preference"),
                Map.of("content", "The user's favourite colour is teal", "userId", user))))
                .post("/v1/memories/batch").then().statusCode(201);
        String session = newSession();
        List<Map<String, Object>> turns = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            turns.add(turn(i % 2 == 1 ? "user" : "assistant", "Turn number " + i + " " + "x".repeat(36)));
        }
        turns.add(turn("user", "Can you suggest a snack for me?"));
        append(session, Map.of("userId", user, "messages", turns));

        JsonPath ctx = given().queryParam("maxMessages", 10).queryParam("maxMemories", 1)
                .get("/v1/sessions/" + session + "/context").then().statusCode(200).extract().jsonPath();
        assertThat(ctx.getList("messages")).hasSize(10);
        assertThat(ctx.getString("messages[9].content")).isEqualTo("Can you suggest a snack for me?");
        assertThat(ctx.getString("query")).isEqualTo("Can you suggest a snack for me?");
        assertThat(ctx.getString("memories[0].memory.content")).isEqualTo("The user is allergic to peanuts");
        assertThat(ctx.getString("text")).contains("Relevant memories:\n- (preference, ")
                .contains("Conversation:\nassistant: Turn number 22").endsWith("user: Can you suggest a snack for me?\n");

        JsonPath small = given().queryParam("maxMessages", 50).queryParam("maxTokens", 100).queryParam("maxMemories", 0)
                .get("/v1/sessions/" + session + "/context").then().statusCode(200).extract().jsonPath();
        assertThat(small.getInt("estimatedTokens")).isLessThanOrEqualTo(100);
        assertThat(small.getList("messages")).hasSizeBetween(1, 7);
        assertThat(small.getList("memories")).isEmpty();

        given().queryParam("query", "favourite colour").queryParam("maxMemories", 1)
                .get("/v1/sessions/" + session + "/context").then().statusCode(200)
                .body("memories[0].memory.content", equalTo("The user's favourite colour is teal"));
    }

    @Test
    void promotionShouldStoreEachTurnOnce() {
        String user = "promo-" + UUID.randomUUID();
        String session = newSession();
        append(session, Map.of("userId", user, "messages", List.of(turn("system", "Be brief."),
                turn("user", "Please remember that I prefer window seats."), turn("assistant", "Got it: window seats."))));
        JsonPath first = given().post("/v1/sessions/" + session + "/promote").then().statusCode(200).extract().jsonPath();
        assertThat(first.getInt("stored")).isEqualTo(2);
        assertThat(first.getList("memories.type", String.class)).containsOnly("episodic");
        assertThat(first.getString("summary.type")).isEqualTo("contextual");
        assertThat(first.getDouble("memories[0].importance")).isGreaterThan(first.getDouble("memories[1].importance"));
        String contextId = first.getString("contextId");
        assertThat(contextId).isNotNull();

        given().post("/v1/sessions/" + session + "/promote").then().statusCode(200).body("stored", equalTo(0));
        append(session, Map.of("messages", List.of(turn("user", "Also, I travel with a dog."))));
        given().post("/v1/sessions/" + session + "/promote").then().statusCode(200)
                .body("stored", equalTo(1)).body("contextId", equalTo(contextId))
                .body("memories[0].metadata.seq", equalTo(4));

        given().queryParam("limit", 100).get("/v1/contexts/" + contextId + "/memories").then().statusCode(200)
                .body("items.findAll { it.type == 'episodic' }.size()", equalTo(3));
        given().get("/v1/sessions/" + session).then().body("promotedThroughSeq", equalTo(4))
                .body("contextId", equalTo(contextId));
    }

    @Test
    void aPromotionThatCouldNotMoveItsWatermarkShouldNotStoreTurnsAgainHoweverManyMemoriesShareTheSession()
            throws Exception {
        String session = newSession();
        // memories of the same session from elsewhere (more than a session can hold turns), stored first
        try (java.sql.Connection c = db.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "insert into memory (id, tenant_id, type_code, content, occurred_at, created_at, updated_at,"
                        + " content_hash, metadata) select gen_random_uuid(), 'default', 'episodic', 'earlier ' || g,"
                        + " now(), now(), now(), md5(? || g), jsonb_build_object('sessionId', ?, 'source', 'session',"
                        + " 'seq', -g) from generate_series(1, ?) g")) {
            ps.setString(1, session);
            ps.setString(2, session);
            ps.setInt(3, config.maxTurnsPerSession() + 100);
            ps.executeUpdate();
        }
        append(session, Map.of("messages", List.of(turn("user", "My locker is number 12."),
                turn("assistant", "Noted: locker 12."))));
        given().post("/v1/sessions/" + session + "/promote").then().statusCode(200).body("stored", equalTo(2));
        // as if the promotion had stored its memories but could not move the watermark (a crash, Redis down)
        assertThat(store.setIfExists("default", session, "promotedSeq", "0")).isTrue();

        given().post("/v1/sessions/" + session + "/promote").then().statusCode(200).body("stored", equalTo(0));
        try (java.sql.Connection c = db.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "select count(*) from memory where tenant_id = 'default' and metadata @> jsonb_build_object("
                        + "'sessionId', ?::text, 'source', 'session') and (metadata ->> 'seq')::int > 0")) {
            ps.setString(1, session);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("each turn stored once").isEqualTo(2);
            }
        }
    }

    @Test
    void listAndDeleteSessions() {
        String user = "list-" + UUID.randomUUID();
        String a = newSession();
        String b = newSession();
        append(a, Map.of("userId", user, "messages", List.of(turn("user", "first"))));
        awaitNextMillisecond(); // the index orders by write time in ms: in the same ms, b before a is not promised
        append(b, Map.of("userId", user, "agentId", "bot", "messages", List.of(turn("user", "second"))));
        given().queryParam("userId", user).get("/v1/sessions").then().statusCode(200)
                .body("sessionId", equalTo(List.of(b, a))).body("[0].turnCount", equalTo(1));
        given().queryParam("userId", user).queryParam("agentId", "bot").get("/v1/sessions").then()
                .body("sessionId", equalTo(List.of(b)));
        given().delete("/v1/sessions/" + a).then().statusCode(204);
        given().get("/v1/sessions/" + a).then().statusCode(404)
                .body("type", equalTo("https://engram.dev/problems/not-found"));
        given().delete("/v1/sessions/" + a).then().statusCode(404);
        given().queryParam("userId", user).get("/v1/sessions").then().body("sessionId", equalTo(List.of(b)));
    }

    /** Returns once the clock has moved past the current millisecond (the server runs in this JVM). */
    private static void awaitNextMillisecond() {
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() <= now) {
            Thread.onSpinWait();
        }
    }

    @Test
    void listingShouldSkipNoLiveSessionAfterDroppingExpiredOnes() {
        String user = "ghosts-" + UUID.randomUUID();
        String a = newSession();
        String b = newSession();
        append(a, Map.of("userId", user, "messages", List.of(turn("user", "first"))));
        append(b, Map.of("userId", user, "messages", List.of(turn("user", "second"))));
        // 150 sessions whose keys Redis expired while their index entries remain, more recent than a and b, so a
        // listing meets them first, over more than one page (100); half are in the expiry index (expired), half
        // were indexed before it existed
        String index = RedisKeys.sessionIndex("default");
        long writtenAt = System.currentTimeMillis() + 60_000;
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = "expired-" + UUID.randomUUID();
            expired.add(id);
            redis.sortedSet(String.class).zadd(index, writtenAt + i, id);
            if (i % 2 == 0) {
                redis.sortedSet(String.class).zadd(RedisKeys.sessionExpiryIndex("default"), 1, id);
            }
        }

        List<String> listed = given().queryParam("userId", user).get("/v1/sessions").then().statusCode(200)
                .extract().jsonPath().getList("sessionId", String.class);

        assertThat(listed).containsExactlyInAnyOrder(a, b);
        assertThat(expired).allSatisfy(id -> {
            assertThat(redis.sortedSet(String.class).zscore(index, id)).as("dropped from the index").isEmpty();
            assertThat(redis.sortedSet(String.class).zscore(RedisKeys.sessionExpiryIndex("default"), id)).isEmpty();
        });
    }

    @Test
    void badInputShouldBeProblems() {
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(turn("user", "x"))))
                .post("/v1/sessions/bad:id/messages").then().statusCode(400)
                .body("type", equalTo("https://engram.dev/problems/invalid-parameter"));
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(turn("robot", "x"))))
                .post("/v1/sessions/ok-id/messages").then().statusCode(400)
                .body("type", equalTo("https://engram.dev/problems/validation-failed"));
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of()))
                .post("/v1/sessions/ok-id/messages").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("ttlSeconds", 10, "messages", List.of(turn("user", "x"))))
                .post("/v1/sessions/ok-id/messages").then().statusCode(400)
                .body("violations[0].field", equalTo("ttlSeconds"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(turn("user", "t" + i));
        }
        given().contentType(ContentType.JSON).body(Map.of("messages", tooMany))
                .post("/v1/sessions/ok-id/messages").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(turn("user", "a".repeat(40_000)))))
                .post("/v1/sessions/ok-id/messages").then().statusCode(413);
        given().get("/v1/sessions/" + newSession()).then().statusCode(404);
        given().post("/v1/sessions/" + newSession() + "/promote").then().statusCode(404);
        given().get("/v1/sessions/" + newSession() + "/context").then().statusCode(404);
    }
}
