package dev.engram.idempotency;

import dev.engram.platform.RedisKeys;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class IdempotencyTest {

    private static final String PROBLEMS = "https://engram.dev/problems/";

    @Inject
    AgroalDataSource db;

    @Inject
    IdempotencyCleanup cleanup;

    @Inject
    RedisDataSource redis;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static Response postMemory(String key, String user, String content) {
        return given().header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON)
                .body(Map.of("content", content, "userId", user)).post("/v1/memories");
    }

    private static int memoriesOf(String user) {
        return given().queryParam("userId", user).queryParam("limit", 100).get("/v1/memories").then().statusCode(200)
                .extract().jsonPath().getList("items").size();
    }

    @Test
    void aRetryWithTheSameKeyShouldReplayTheFirstAnswerAndStoreOneMemory() {
        String user = unique("idem-user");
        String key = unique("key");
        Response first = postMemory(key, user, "Ada prefers tea");
        first.then().statusCode(201).header("Location", notNullValue()).header("ETag", notNullValue())
                .header(IdempotencyFilter.REPLAYED_HEADER, nullValue());
        Response retry = postMemory(key, user, "Ada prefers tea");
        retry.then().statusCode(201).contentType(ContentType.JSON).header(IdempotencyFilter.REPLAYED_HEADER, "true");

        assertThat(retry.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(retry.asString()).isEqualTo(first.asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(memoriesOf(user)).isEqualTo(1);
    }

    @Test
    void theSameKeyForAnotherBodyOrPathShouldBe422AndCreateNothing() {
        String user = unique("idem-user");
        String key = unique("key");
        postMemory(key, user, "first").then().statusCode(201);
        postMemory(key, user, "second").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "idempotency-key-reused")).body("idempotencyKey", equalTo(key));
        given().header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("content", "first", "userId", user))))
                .post("/v1/memories/batch").then().statusCode(422)
                .body("type", equalTo(PROBLEMS + "idempotency-key-reused"));
        assertThat(memoriesOf(user)).isEqualTo(1);
    }

    @Test
    void tenantsShouldUseTheSameKeyIndependently() {
        String tenant = unique("idem-t").substring(0, 20);
        String other = TestAuth.newKey(tenant, Scope.READ, Scope.WRITE);
        String user = unique("idem-user");
        String key = unique("key");
        String mine = postMemory(key, user, "mine").then().statusCode(201).extract().path("id");
        String theirs = given().header("Authorization", "Bearer " + other).header(IdempotencyFilter.HEADER, key)
                .contentType(ContentType.JSON).body(Map.of("content", "mine", "userId", user)).post("/v1/memories")
                .then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, nullValue()).extract().path("id");
        assertThat(theirs).isNotEqualTo(mine);
        given().header("Authorization", "Bearer " + other).queryParam("userId", user).get("/v1/memories").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(theirs));
        assertThat(memoriesOf(user)).isEqualTo(1);
    }

    @Test
    void aRetriedSessionAppendShouldAppendTheTurnOnce() {
        String session = unique("idem-s");
        String key = unique("key");
        Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "content", "hello")));
        for (int i = 0; i < 3; i++) {
            given().header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON).body(body)
                    .post("/v1/sessions/" + session + "/messages").then().statusCode(200)
                    .body("firstSeq", equalTo(1)).body("lastSeq", equalTo(1));
        }
        given().get("/v1/sessions/" + session).then().statusCode(200).body("turnCount", equalTo(1));
    }

    @Test
    void concurrentDuplicatesShouldCreateExactlyOnce() throws Exception {
        String user = unique("idem-user");
        String key = unique("key");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> postMemory(key, user, "raced"));
            }
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                statuses.add(r.statusCode());
                if (r.statusCode() == 201) {
                    ids.add(r.jsonPath().getString("id"));
                } else {
                    r.then().statusCode(409).header("Retry-After", "1")
                            .body("type", equalTo(PROBLEMS + "idempotency-key-in-progress"));
                }
            }
            assertThat(statuses).containsOnly(201, 409).contains(201);
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(memoriesOf(user)).isEqualTo(1);
        postMemory(key, user, "raced").then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, "true");
    }

    @Test
    void aClientErrorShouldBeReplayedToo() {
        String key = unique("key");
        String detail = given().header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON)
                .body(Map.of("content", "")).post("/v1/memories").then().statusCode(400)
                .contentType("application/problem+json").extract().path("detail");
        given().header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON)
                .body(Map.of("content", "")).post("/v1/memories").then().statusCode(400)
                .contentType("application/problem+json").header(IdempotencyFilter.REPLAYED_HEADER, "true")
                .body("type", equalTo(PROBLEMS + "validation-failed")).body("detail", equalTo(detail));
    }

    @Test
    void anInvalidKeyShouldBe400() {
        String user = unique("idem-user");
        postMemory("k".repeat(256), user, "x").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-parameter"))
                .body("violations[0].field", equalTo("Idempotency-Key"))
                .body("violations[0].in", equalTo("header"));
        postMemory("", user, "x").then().statusCode(400).body("type", equalTo(PROBLEMS + "invalid-parameter"));
        postMemory("k".repeat(255), user, "x").then().statusCode(201);
        assertThat(memoriesOf(user)).isEqualTo(1);
        assertThat(IdempotencyFilter.invalidKey("tab\there")).isNotNull();
        assertThat(IdempotencyFilter.invalidKey("ключ")).isNotNull();
        assertThat(IdempotencyFilter.invalidKey("a b~!")).isNull();
    }

    @Test
    void requestsWithoutTheHeaderShouldBeUnaffected() {
        String user = unique("idem-user");
        given().contentType(ContentType.JSON).body(Map.of("content", "same", "userId", user)).post("/v1/memories")
                .then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, nullValue());
        given().contentType(ContentType.JSON).body(Map.of("content", "same", "userId", user)).post("/v1/memories")
                .then().statusCode(201);
        assertThat(memoriesOf(user)).isEqualTo(2);
    }

    @Test
    void aBodilessPostShouldBeIdempotentToo() {
        String session = unique("idem-s");
        String key = unique("key");
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content",
                "I live in Lisbon and work as a nurse.")))).post("/v1/sessions/" + session + "/messages")
                .then().statusCode(200);
        String first = given().header(IdempotencyFilter.HEADER, key).post("/v1/sessions/" + session + "/promote")
                .then().statusCode(200).extract().asString();
        given().header(IdempotencyFilter.HEADER, key).post("/v1/sessions/" + session + "/promote").then()
                .statusCode(200).header(IdempotencyFilter.REPLAYED_HEADER, "true").body(equalTo(first));
    }

    @Test
    void theOperatorsKeyCreationShouldBeIdempotentButNeverStoreOrReplayTheSecret() throws SQLException {
        String tenant = unique("idem-op").substring(0, 20);
        TestAuth.newKey(tenant, Scope.READ);
        String key = unique("key");
        Map<String, Object> body = Map.of("name", "ci", "scopes", List.of("read"));
        Response first = given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON).body(body)
                .post("/v1/admin/tenants/" + tenant + "/keys");
        first.then().statusCode(201).body("key", notNullValue());
        String created = first.jsonPath().getString("key");
        String secret = created.substring(created.indexOf('_', 4) + 1);
        String keyId = first.jsonPath().getString("id");

        Response retry = given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .header(IdempotencyFilter.HEADER, key).contentType(ContentType.JSON).body(body)
                .post("/v1/admin/tenants/" + tenant + "/keys");
        retry.then().statusCode(409).contentType("application/problem+json")
                .header(IdempotencyFilter.REPLAYED_HEADER, "true")
                .body("type", equalTo(PROBLEMS + "secret-shown-once")).body("keyId", equalTo(keyId))
                .body("detail", containsString("DELETE /v1/admin/tenants/" + tenant + "/keys/" + keyId));
        assertThat(retry.asString()).doesNotContain(secret);
        given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY).get("/v1/admin/tenants/" + tenant + "/keys")
                .then().statusCode(200).body("$", hasSize(2));

        assertThat(rows(key)).isEqualTo(1);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from idempotency_key where position(convert_to(?, 'UTF8') in body) > 0 "
                        + "or position(convert_to(?, 'UTF8') in body) > 0")) {
            ps.setString(1, secret);
            ps.setString(2, created);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows of idempotency_key holding the secret").isZero();
            }
        }
    }

    @Test
    void aRetryableConflictShouldReleaseTheKeySoTheRetryRuns() {
        // a session being promoted by another call is a 409 that says "retry in a moment": storing it would answer
        // every retry with that key with the same 409 for 24 h
        String session = unique("idem-s");
        String key = unique("key");
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content",
                "I live in Porto and work as a teacher.")))).post("/v1/sessions/" + session + "/messages")
                .then().statusCode(200);
        String lock = RedisKeys.sessionPromotionLock(TestAuth.DEFAULT_TENANT, session);
        redis.value(String.class).set(lock, "another-call");
        try {
            given().header(IdempotencyFilter.HEADER, key).post("/v1/sessions/" + session + "/promote").then()
                    .statusCode(409).header("Retry-After", notNullValue())
                    .body("type", equalTo(PROBLEMS + "conflict"));
        } finally {
            redis.key().del(lock);
        }
        given().header(IdempotencyFilter.HEADER, key).post("/v1/sessions/" + session + "/promote").then()
                .statusCode(200).header(IdempotencyFilter.REPLAYED_HEADER, nullValue());
        given().header(IdempotencyFilter.HEADER, key).post("/v1/sessions/" + session + "/promote").then()
                .statusCode(200).header(IdempotencyFilter.REPLAYED_HEADER, "true");
    }

    @Test
    void expiredKeysShouldBeDeletedAndThenUsableAgain() throws SQLException {
        String user = unique("idem-user");
        String key = unique("key");
        postMemory(key, user, "once").then().statusCode(201);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update idempotency_key set expires_at = ? where idem_key = ?")) {
            ps.setObject(1, java.sql.Timestamp.from(Instant.now().minusSeconds(1)));
            ps.setString(2, key);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(cleanup.deleteExpired()).isGreaterThanOrEqualTo(1);
        assertThat(rows(key)).isZero();
        postMemory(key, user, "once").then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, nullValue());
        assertThat(memoriesOf(user)).isEqualTo(2);
    }

    private int rows(String key) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from idempotency_key where idem_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
