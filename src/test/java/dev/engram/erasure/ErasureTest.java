package dev.engram.erasure;

import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.KeyScanCursor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * GDPR erasure: everything of user U (or agent A) goes from every table and from Redis, verified by SQL over every
 * table and by a scan of every Redis key; user V, and another tenant's user with U's id, keep everything.
 */
@QuarkusTest
class ErasureTest {

    /** Tables with a user/agent column and the column(s) the erasure uses; a new one must be added to the erasure. */
    private static final Map<String, String> OWNER_COLUMNS = new TreeMap<>(Map.of(
            "context.agent_id", "agent", "context.user_id", "user",
            "learning_pattern.agent_id", "agent", "learning_pattern.user_id", "user",
            "memory.agent_id", "agent", "memory.user_id", "user", "experience.actor", "agent"));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedisDataSource redis;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Everything one user can leave behind, each piece carrying the user's marker in its data. */
    private Map<String, String> fill(String user, String agent, Spec as) {
        String marker = user;
        Map<String, String> ids = new TreeMap<>();
        ids.put("context", as.get().contentType(ContentType.JSON).body(Map.of("name", "Trip of " + marker,
                "type", "task", "userId", user, "agentId", agent)).post("/v1/contexts").then().statusCode(201)
                .extract().path("id"));
        ids.put("memory", as.get().contentType(ContentType.JSON).header("Idempotency-Key", "idem-" + marker)
                .body(Map.of("content", marker + " lives in Lisbon and likes green tea", "userId", user,
                        "agentId", agent, "contextId", ids.get("context")))
                .post("/v1/memories").then().statusCode(201).extract().path("id"));
        List<String> batch = as.get().contentType(ContentType.JSON).body(Map.of("memories", List.of(
                        Map.of("content", marker + " prefers window seats", "userId", user, "agentId", agent),
                        Map.of("content", marker + " prefers window seats on trains", "userId", user, "agentId", agent))))
                .post("/v1/memories/batch").then().statusCode(201).extract().path("memories.id");
        ids.put("batch0", batch.get(0));
        ids.put("batch1", batch.get(1));
        ids.put("association", as.get().contentType(ContentType.JSON).body(Map.of("sourceId", ids.get("memory"),
                "targetId", batch.get(0), "type", "related")).post("/v1/associations").then().statusCode(201)
                .extract().path("id"));
        as.get().contentType(ContentType.JSON).body(Map.of("userInput", "My name is " + marker
                        + " and I work at Initech", "assistantResponse", "Nice to meet you", "userId", user, "agentId", agent))
                .post("/v1/interactions").then().statusCode(201);
        ids.put("pattern", as.get().contentType(ContentType.JSON).body(Map.of("name", "Habit of " + marker,
                "patternType", "behavioral", "userId", user, "agentId", agent)).post("/v1/patterns").then()
                .statusCode(201).extract().path("id"));
        ids.put("experience", as.get().contentType(ContentType.JSON).body(Map.of("subject", "model-" + run,
                "issueType", "empty_response", "description", "Empty answer for " + agent, "actor", agent,
                "actions", List.of("retry with " + agent), "success", true)).post("/v1/experiences").then()
                .statusCode(201).extract().path("id"));
        as.get().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user",
                        "content", "Hello, I am " + marker)), "userId", user, "agentId", agent))
                .post("/v1/sessions/s-" + marker + "/messages").then().statusCode(200);
        as.get().contentType(ContentType.JSON).body(Map.of("query", marker + " green tea in Lisbon", "userId", user))
                .post("/v1/memories/search").then().statusCode(200);
        return ids;
    }

    @Test
    void shouldEraseEveryRecordOfAUserAndNothingElse() throws Exception {
        String u = "gdprU" + run;
        String v = "gdprV" + run;
        String otherTenant = "gdpr-other-" + run;
        String otherKey = TestAuth.newKey(otherTenant, Scope.READ, Scope.WRITE, Scope.ADMIN);
        Map<String, String> ofU = fill(u, "agentU" + run, () -> given());
        Map<String, String> ofV = fill(v, "agentV" + run, () -> given());
        Map<String, String> ofUElsewhere = fill(u, "agentU" + run,
                () -> given().header("Authorization", "Bearer " + otherKey));
        // V's memory in U's context, and a superseded memory and an archived copy of U's
        String vInUContext = given().contentType(ContentType.JSON).body(Map.of("content", v + " joined the trip",
                "userId", v, "contextId", ofU.get("context"))).post("/v1/memories").then().statusCode(201)
                .extract().path("id");
        sql("update memory set superseded_by = ?::uuid, superseded_at = now() where id = ?::uuid",
                ofU.get("memory"), ofU.get("batch1"));
        sql("insert into memory_archive (id, tenant_id, type_code, reason, run_id, archived_at, embedding, memory)"
                + " select gen_random_uuid(), tenant_id, type_code, 'expired', gen_random_uuid(), now(), embedding,"
                + " to_jsonb(m) - 'embedding' - 'search_vector' from memory m where id = any(?::uuid[])",
                (Object) new String[] {ofU.get("batch0"), ofV.get("batch0")});
        awaitEventsOf(u);
        assertThat(redisDump("engram:default:query-embedding:*")).as("the search filled the query cache").isNotEmpty();
        Map<String, Long> vBefore = rowsMentioning(TestAuth.DEFAULT_TENANT, v);

        String runId = given().contentType(ContentType.JSON).body(Map.of("userId", u)).post("/v1/erasures").then()
                .statusCode(201).header("Location", org.hamcrest.Matchers.containsString("/v1/maintenance/runs/"))
                .body("type", equalTo("erasure")).body("details.memories", greaterThanOrEqualTo(4))
                .body("details.sessions", equalTo(1)).body("details.contexts", equalTo(1))
                .body("details.patterns", equalTo(1)).body("details.archivedMemories", equalTo(1))
                .body("details.idempotencyRecords", greaterThanOrEqualTo(1))
                .body("details.associations", greaterThanOrEqualTo(1)).body("details.events", greaterThanOrEqualTo(1))
                .extract().path("id");

        // PostgreSQL: no row of any table mentions U (rows as text; stored idempotent answers decoded)
        assertThat(rowsMentioning(TestAuth.DEFAULT_TENANT, u)).as("rows of U left").allSatisfy((t, n) ->
                assertThat(n).as(t).isZero());
        // V keeps everything (its memory in U's former context just lost the context)
        assertThat(rowsMentioning(TestAuth.DEFAULT_TENANT, v)).isEqualTo(vBefore);
        given().get("/v1/memories/" + vInUContext).then().statusCode(200).body("contextId", org.hamcrest.Matchers.nullValue());
        for (String id : List.of(ofV.get("memory"), ofV.get("batch0"), ofV.get("batch1"))) {
            given().get("/v1/memories/" + id).then().statusCode(200);
        }
        given().get("/v1/associations/" + ofV.get("association")).then().statusCode(200);
        given().get("/v1/patterns/" + ofV.get("pattern")).then().statusCode(200);
        given().get("/v1/contexts/" + ofV.get("context")).then().statusCode(200);
        given().get("/v1/sessions/s-" + v).then().statusCode(200).body("turnCount", equalTo(1));
        // U's records answer 404 like any missing id
        given().get("/v1/memories/" + ofU.get("memory")).then().statusCode(404);
        given().get("/v1/sessions/s-" + u).then().statusCode(404);
        // Redis: no key of the tenant holds anything of U; V's session and events are still there
        Map<String, String> redisOfTenant = redisDump("engram:default:*");
        assertThat(redisOfTenant).allSatisfy((key, value) -> assertThat(key + "=" + value).doesNotContain(u));
        assertThat(redisOfTenant.values()).anySatisfy(value -> assertThat(value).contains("Hello, I am " + v));
        assertThat(redisOfTenant.get("engram:default:events")).contains(v);
        assertThat(redisDump("engram:default:query-embedding:*")).isEmpty();
        // the other tenant's user with the same id keeps everything
        given().header("Authorization", "Bearer " + otherKey).get("/v1/memories/" + ofUElsewhere.get("memory"))
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + otherKey).get("/v1/sessions/s-" + u).then().statusCode(200);
        assertThat(rowsMentioning(otherTenant, u).get("memory")).isGreaterThanOrEqualTo(4);
        assertThat(redisDump("engram:" + otherTenant + ":*").values()).anySatisfy(x -> assertThat(x).contains(u));
        // the audit: counts and a hash of the subject, never the subject itself
        String audit = given().get("/v1/maintenance/runs/" + runId).then().statusCode(200)
                .body("parameters.subject", equalTo("user"))
                .body("parameters.subjectSha256", equalTo(ErasureService.sha256("default:user:" + u)))
                .extract().asString();
        assertThat(audit).doesNotContain(u);
        // erasing again finds nothing (idempotent)
        given().contentType(ContentType.JSON).body(Map.of("userId", u)).post("/v1/erasures").then().statusCode(201)
                .body("details.memories", equalTo(0)).body("details.sessions", equalTo(0));
    }

    @Test
    void shouldEraseAnAgentsExperiencesAndRecomputeTheirIssuePattern() throws Exception {
        String agent = "gdprAgent" + run;
        String subject = "model-agent-" + run;
        for (String actor : List.of(agent, agent, "someone-else")) {
            given().contentType(ContentType.JSON).body(Map.of("subject", subject, "issueType", "repetition",
                    "description", "Repeats itself", "prompt", "Summarise the report", "actor", actor,
                    "actions", List.of(actor.equals(agent) ? "fix by " + agent : "lower temperature"),
                    "success", true)).post("/v1/experiences").then().statusCode(201);
        }
        String memory = given().contentType(ContentType.JSON).body(Map.of("content", "Note taken by " + agent,
                "agentId", agent)).post("/v1/memories").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("agentId", agent)).post("/v1/erasures").then()
                .statusCode(201).body("details.experiences", equalTo(2)).body("details.memories", equalTo(1))
                .body("parameters.subject", equalTo("agent"));
        given().get("/v1/memories/" + memory).then().statusCode(404);
        assertThat(rowsMentioning(TestAuth.DEFAULT_TENANT, agent)).allSatisfy((t, n) -> assertThat(n).as(t).isZero());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select attempts, success_count, best_actions::text from issue_pattern p where tenant_id = 'default'"
                        + " and exists (select 1 from experience e where e.signature = p.signature and e.subject = ?)")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getString(3)).contains("lower temperature");
            }
        }
    }

    @Test
    void shouldKnowEveryTableWithAUserOrAgentColumn() throws SQLException {
        TreeSet<String> columns = new TreeSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select table_name || '.' || column_name from information_schema.columns where table_schema = 'public'"
                        + " and column_name in ('user_id', 'agent_id', 'actor', 'owner_id', 'subject_id')");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        assertThat(columns).as("a table holds user/agent data: teach ErasureRepository (and this test) about it")
                .isEqualTo(OWNER_COLUMNS.keySet());
    }

    @Test
    void shouldRefuseBadRequestsAndKeysWithoutAdminScope() {
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/erasures").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("userId", "a", "agentId", "b")).post("/v1/erasures")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("exactly one"));
        given().contentType(ContentType.JSON).body(Map.of("userId", "x".repeat(201))).post("/v1/erasures")
                .then().statusCode(400);
        String writer = TestAuth.newKey(TestAuth.DEFAULT_TENANT, Scope.READ, Scope.WRITE);
        given().header("Authorization", "Bearer " + writer).contentType(ContentType.JSON)
                .body(Map.of("userId", "someone")).post("/v1/erasures").then().statusCode(403);
    }

    private interface Spec {
        RequestSpecification get();
    }

    /** Per table of the schema: rows of the tenant whose text (stored idempotent answers decoded) contains the text. */
    private Map<String, Long> rowsMentioning(String tenant, String text) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select distinct table_name from information_schema.columns where table_schema = 'public'"
                        + " and column_name in ('tenant_id', 'scope') and table_name <> 'flyway_schema_history'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        try (Connection c = dataSource.getConnection()) {
            for (String table : tables) {
                String sql = table.equals("idempotency_key")
                        ? "select count(*) from idempotency_key t where scope = ? and position(? in t::text"
                        + " || coalesce(convert_from(body, 'UTF8'), '')) > 0"
                        : "select count(*) from " + table + " t where tenant_id = ? and position(? in t::text) > 0";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, tenant);
                    ps.setString(2, text);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        counts.put(table, rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    private void sql(String sql, Object... binds) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            ps.executeUpdate();
        }
    }

    /** Every key matching the pattern with its whole content as text (strings, hashes, lists, sets, streams). */
    private Map<String, String> redisDump(String pattern) {
        Map<String, String> out = new TreeMap<>();
        KeyScanCursor<String> cursor = redis.key().scan(new KeyScanArgs().match(pattern).count(1000));
        while (cursor.hasNext()) {
            for (String key : cursor.next()) {
                String type = redis.execute(Command.TYPE, key).toString();
                Response r = switch (type) {
                    case "string" -> redis.execute(Command.GET, key);
                    case "hash" -> redis.execute(Command.HGETALL, key);
                    case "list" -> redis.execute(Command.LRANGE, key, "0", "-1");
                    case "zset" -> redis.execute(Command.ZRANGE, key, "0", "-1");
                    case "set" -> redis.execute(Command.SMEMBERS, key);
                    case "stream" -> redis.execute(Command.XRANGE, key, "-", "+");
                    default -> null;
                };
                out.put(key, String.valueOf(r));
            }
        }
        return out;
    }

    /** Events are published asynchronously: wait until the user's are in the tenant's stream. */
    private void awaitEventsOf(String user) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (String.valueOf(redisDump("engram:default:events")).contains(user)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no event of " + user + " in the stream");
    }
}
