package dev.engram.tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the OpenAPI document, called with tenant B's key against tenant A's data: ids of A behave exactly
 * like missing ones, listings and searches never show A's data, and nothing of A changes. A route this test does not
 * know fails the build, so a new endpoint cannot ship without an isolation check.
 */
@QuarkusTest
class TenantIsolationTest {

    private final String marker = "isoA" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    /** In A's contents only (ids such as session ids carry the marker and are echoed back in 404 details). */
    private final String secret = "secret" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Map<String, String> a = new HashMap<>();
    private String keyB;

    private RequestSpecification asB() {
        return given().header("Authorization", "Bearer " + keyB).contentType(ContentType.JSON);
    }

    private static String created(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isBetween(200, 201);
        return r.path("id");
    }

    /** Tenant A (the tests' default tenant and key) gets one of everything, each carrying the marker. */
    private void createFixturesOfA() {
        a.put("memory", created(given().contentType(ContentType.JSON)
                .body(Map.of("content", "Tenant A secret " + marker + " " + secret + " about blue kites", "userId", "u-" + marker))
                .post("/v1/memories")));
        a.put("memory2", created(given().contentType(ContentType.JSON)
                .body(Map.of("content", "Tenant A second note " + marker + " " + secret, "userId", "u-" + marker))
                .post("/v1/memories")));
        // an earlier version too (GET /v1/memories/{id}/revisions), holding A's secret
        given().contentType(ContentType.JSON).body(Map.of("title", "Title " + marker)).patch("/v1/memories/" + a.get("memory"))
                .then().statusCode(200);
        a.put("association", created(given().contentType(ContentType.JSON)
                .body(Map.of("sourceId", a.get("memory"), "targetId", a.get("memory2"), "type", "related"))
                .post("/v1/associations")));
        a.put("context", created(given().contentType(ContentType.JSON)
                .body(Map.of("name", "Context " + marker, "description", secret, "type", "task")).post("/v1/contexts")));
        a.put("knowledge", created(given().contentType(ContentType.JSON)
                .body(Map.of("name", "Knowledge " + marker, "knowledgeType", "fact", "domain", "iso",
                        "description", "Secret fact " + marker + " " + secret)).post("/v1/knowledge")));
        a.put("pattern", created(given().contentType(ContentType.JSON)
                .body(Map.of("name", "Pattern " + marker, "patternType", "error")).post("/v1/patterns")));
        a.put("subject", "subject-" + marker);
        a.put("experience", created(given().contentType(ContentType.JSON)
                .body(Map.of("subject", a.get("subject"), "issueType", "iso_issue", "description", "Failure " + marker + " " + secret,
                        "prompt", "Prompt " + marker, "actor", "claude", "actions", List.of("fix " + marker),
                        "success", true)).post("/v1/experiences")));
        a.put("session", "session-" + marker);
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user",
                "content", "Session turn " + marker + " " + secret)))).post("/v1/sessions/" + a.get("session") + "/messages")
                .then().statusCode(200);
        a.put("cacheKey", "key-" + marker);
        given().contentType(ContentType.JSON).body(Map.of("v", secret)).put("/v1/cache/" + a.get("cacheKey"))
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("v", secret)).put("/v1/temp/" + a.get("cacheKey"))
                .then().statusCode(200);
        a.put("memoryType", "iso-" + marker.substring(4, 12));
        given().contentType(ContentType.JSON).body(Map.of("code", a.get("memoryType"), "name", "Type " + marker))
                .post("/v1/memory-types").then().statusCode(201);
        a.put("run", given().post("/v1/maintenance/decay").then().statusCode(201).extract().path("id"));
        a.put("tenant", TestAuth.DEFAULT_TENANT);
        a.put("key", given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .get("/v1/admin/tenants/" + TestAuth.DEFAULT_TENANT + "/keys").then().statusCode(200)
                .extract().path("[0].id"));
    }

    private interface Check {
        void run(String path);
    }

    @Test
    void everyRouteShouldKeepTenantsApart() throws Exception {
        createFixturesOfA();
        keyB = TestAuth.newKey("iso-b-" + marker.substring(4, 12), Scope.READ, Scope.WRITE, Scope.ADMIN);
        String m = a.get("memory");

        // Routes with an id of A: B must get what a missing id gets.
        Map<String, Check> checks = new HashMap<>();
        item(checks, "GET /v1/memories/{id}", "/v1/memories/" + m, null);
        item(checks, "PATCH /v1/memories/{id}", "/v1/memories/" + m, Map.of("importance", 0.99));
        item(checks, "DELETE /v1/memories/{id}", "/v1/memories/" + m, null);
        item(checks, "GET /v1/memories/{id}/associations", "/v1/memories/" + m + "/associations", null);
        item(checks, "GET /v1/memories/{id}/revisions", "/v1/memories/" + m + "/revisions", null);
        item(checks, "GET /v1/associations/{id}", "/v1/associations/" + a.get("association"), null);
        item(checks, "DELETE /v1/associations/{id}", "/v1/associations/" + a.get("association"), null);
        item(checks, "GET /v1/contexts/{id}", "/v1/contexts/" + a.get("context"), null);
        item(checks, "PATCH /v1/contexts/{id}", "/v1/contexts/" + a.get("context"), Map.of("name", "taken"));
        item(checks, "DELETE /v1/contexts/{id}", "/v1/contexts/" + a.get("context"), null);
        item(checks, "GET /v1/contexts/{id}/memories", "/v1/contexts/" + a.get("context") + "/memories", null);
        item(checks, "GET /v1/knowledge/{id}", "/v1/knowledge/" + a.get("knowledge"), null);
        item(checks, "PUT /v1/knowledge/{id}", "/v1/knowledge/" + a.get("knowledge"),
                Map.of("name", "taken", "knowledgeType", "fact", "domain", "iso", "description", "taken"));
        item(checks, "DELETE /v1/knowledge/{id}", "/v1/knowledge/" + a.get("knowledge"), null);
        item(checks, "GET /v1/knowledge/{id}/versions", "/v1/knowledge/" + a.get("knowledge") + "/versions", null);
        item(checks, "GET /v1/patterns/{id}", "/v1/patterns/" + a.get("pattern"), null);
        item(checks, "PATCH /v1/patterns/{id}", "/v1/patterns/" + a.get("pattern"), Map.of("confidence", 0.1));
        item(checks, "DELETE /v1/patterns/{id}", "/v1/patterns/" + a.get("pattern"), null);
        item(checks, "POST /v1/patterns/{id}/applications", "/v1/patterns/" + a.get("pattern") + "/applications",
                Map.of("success", false));
        item(checks, "GET /v1/experiences/{id}", "/v1/experiences/" + a.get("experience"), null);
        item(checks, "GET /v1/subjects/{name}/insights", "/v1/subjects/" + a.get("subject") + "/insights", null);
        item(checks, "GET /v1/sessions/{sessionId}", "/v1/sessions/" + a.get("session"), null);
        item(checks, "GET /v1/sessions/{sessionId}/context", "/v1/sessions/" + a.get("session") + "/context", null);
        item(checks, "DELETE /v1/sessions/{sessionId}", "/v1/sessions/" + a.get("session"), null);
        item(checks, "POST /v1/sessions/{sessionId}/promote", "/v1/sessions/" + a.get("session") + "/promote", null);
        item(checks, "GET /v1/{namespace}/{key}", "/v1/cache/" + a.get("cacheKey"), null);
        item(checks, "DELETE /v1/{namespace}/{key}", "/v1/temp/" + a.get("cacheKey"), null);
        item(checks, "GET /v1/memory-types/{code}", "/v1/memory-types/" + a.get("memoryType"), null);
        item(checks, "PATCH /v1/memory-types/{code}", "/v1/memory-types/" + a.get("memoryType"), Map.of("name", "x"));
        item(checks, "DELETE /v1/memory-types/{code}", "/v1/memory-types/" + a.get("memoryType"), null);
        item(checks, "GET /v1/maintenance/runs/{id}", "/v1/maintenance/runs/" + a.get("run"), null);
        item(checks, "GET /v1/admin/tenants/{tenantId}", "/v1/admin/tenants/" + a.get("tenant"), null);
        item(checks, "GET /v1/admin/tenants/{tenantId}/keys", "/v1/admin/tenants/" + a.get("tenant") + "/keys", null);
        item(checks, "POST /v1/admin/tenants/{tenantId}/keys", "/v1/admin/tenants/" + a.get("tenant") + "/keys",
                Map.of("name", "stolen", "scopes", List.of("read")));
        item(checks, "DELETE /v1/admin/tenants/{tenantId}/keys/{keyId}",
                "/v1/admin/tenants/" + a.get("tenant") + "/keys/" + a.get("key"), null);

        // Client-named keys live in the caller's namespace: B writes its own session / value, A's stay untouched.
        checks.put("POST /v1/sessions/{sessionId}/messages", p -> asB().body(Map.of("messages", List.of(Map.of(
                "role", "user", "content", "B's turn")))).post("/v1/sessions/" + a.get("session") + "/messages")
                .then().statusCode(200).body("firstSeq", org.hamcrest.Matchers.equalTo(1)));
        checks.put("PUT /v1/{namespace}/{key}", p -> asB().body(Map.of("v", "B")).put("/v1/cache/" + a.get("cacheKey"))
                .then().statusCode(200));

        // Listings and searches of B never show A's data.
        for (String route : List.of("GET /v1/memories", "GET /v1/memories/recent", "GET /v1/associations",
                "GET /v1/contexts", "GET /v1/experiences", "GET /v1/experiences/patterns", "GET /v1/experiences/stats",
                "GET /v1/experiences/strategies", "GET /v1/knowledge", "GET /v1/maintenance/runs",
                "GET /v1/memory-types", "GET /v1/patterns", "GET /v1/sessions", "GET /v1/stats",
                "GET /v1/stats/retrieval", "GET /v1/health/memory")) {
            checks.put(route, p -> assertNoLeak(route, asB().get(p)));
        }
        checks.put("POST /v1/memories/search", p -> assertNoLeak("search", asB()
                .body(Map.of("query", "secret blue kites " + marker, "includeRelated", true)).post(p)));
        checks.put("POST /v1/knowledge/search", p -> assertNoLeak("knowledge search",
                asB().body(Map.of("query", "Secret fact " + marker)).post(p)));
        checks.put("POST /v1/experiences/similar", p -> assertNoLeak("similar", asB().body(Map.of(
                "subject", a.get("subject"), "issueType", "iso_issue", "description", "Failure " + marker,
                "prompt", "Prompt " + marker)).post(p)));
        checks.put("GET /v1/events", p -> assertNoEventsOfA());
        checks.put("POST /v1/context/build", p -> assertNoLeak("context build", asB().body(Map.of("query",
                "Tenant A secret about blue kites", "issue", Map.of("subject", a.get("subject"), "issueType", "iso_issue",
                        "description", "Failure of tenant A"))).post(p)));

        // B's export, in every format, holds B's tenant and nothing of A
        checks.put("GET /v1/export", p -> {
            for (String format : List.of("ndjson", "json", "csv")) {
                Response res = asB().queryParam("format", format).get(p);
                assertNoLeak("export " + format, res);
                if (!format.equals("csv")) {
                    assertThat(res.asString()).contains("\"tenant\":\"iso-b-");
                }
            }
        });
        // B imports records carrying A's ids (and its own content): each is an id-conflict that neither changes A's
        // rows (assertAUntouched) nor says anything about them
        checks.put("POST /v1/import", p -> {
            String t = "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"";
            String body = String.join("\n",
                    "{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1}",
                    "{\"kind\":\"context\",\"data\":{\"id\":\"" + a.get("context") + "\",\"type\":\"task\","
                            + "\"name\":\"taken\",\"startedAt\":\"2026-01-01T00:00:00Z\"," + t + "}}",
                    "{\"kind\":\"memory\",\"data\":{\"id\":\"" + m + "\",\"type\":\"semantic\",\"content\":\"taken\","
                            + "\"occurredAt\":\"2026-01-01T00:00:00Z\"," + t + "}}",
                    "{\"kind\":\"association\",\"data\":{\"id\":\"" + a.get("association") + "\",\"sourceId\":\"" + m
                            + "\",\"targetId\":\"" + a.get("memory2") + "\",\"type\":\"related\"," + t + "}}",
                    "{\"kind\":\"knowledge\",\"data\":{\"id\":\"" + a.get("knowledge") + "\",\"name\":\"taken\","
                            + "\"knowledgeType\":\"fact\"," + t + "}}",
                    "{\"kind\":\"pattern\",\"data\":{\"id\":\"" + a.get("pattern") + "\",\"name\":\"taken\","
                            + "\"patternType\":\"error\",\"priorConfidence\":0.1,\"confidence\":0.1," + t + "}}",
                    "{\"kind\":\"experience\",\"data\":{\"id\":\"" + a.get("experience") + "\",\"subject\":\"x\","
                            + "\"subjectFamily\":\"x\",\"issueType\":\"x\",\"description\":\"taken\",\"success\":true,"
                            + "\"signature\":\"x\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"createdAt\":\"2026-01-01T00:00:00Z\"}}");
            Response res = asB().contentType("application/x-ndjson")
                    .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(p);
            assertThat(res.statusCode()).as(res.asString()).isEqualTo(200);
            JsonPath report = res.jsonPath();
            assertThat(report.getList("rejected.reason", String.class)).hasSize(6)
                    .allSatisfy(r -> assertThat(r).startsWith("id-conflict"));
            assertThat(report.getMap("created").values()).allSatisfy(n -> assertThat(((Number) n).longValue()).isZero());
            assertThat(res.asString()).doesNotContain(marker).doesNotContain(secret);
        });
        // Writes that name A's ids in the body are refused as unknown; other writes stay in B's tenant.
        checks.put("POST /v1/associations", p -> asB().body(Map.of("sourceId", m, "targetId", a.get("memory2"),
                "type", "related")).post(p).then().statusCode(400));
        checks.put("POST /v1/memories", p -> asB().body(Map.of("content", "B's memory", "contextId",
                a.get("context"))).post(p).then().statusCode(400));
        checks.put("POST /v1/memories/batch", p -> asB().body(Map.of("memories", List.of(Map.of("content", "B",
                "contextId", a.get("context"))))).post(p).then().statusCode(400));
        checks.put("POST /v1/interactions", p -> asB().body(Map.of("userInput", "I like tea",
                "assistantResponse", "Noted", "feedback", Map.of("helpful", false, "relevant", false, "rating", 1),
                "usedMemoryIds", List.of(m))).post(p).then().statusCode(org.hamcrest.Matchers.lessThan(500)));
        checks.put("POST /v1/maintenance/cleanup", p -> asB().queryParam("maxAgeDays", 1)
                .queryParam("minImportance", 1.0).queryParam("maxAccessCount", 1000).post(p).then().statusCode(201));
        checks.put("POST /v1/maintenance/decay", p -> asB().post(p).then().statusCode(201));
        // B consolidates with the widest window and lowest threshold: nothing of A is grouped (or changed, see below)
        checks.put("POST /v1/maintenance/consolidate", p -> asB().body(Map.of("timeWindowHours", 87_600,
                "similarityThreshold", 0.5)).post(p).then().statusCode(201)
                .body("groups", org.hamcrest.Matchers.empty()));
        // B erases the user id A's memories carry: only B's tenant is searched, A's memories stay (assertAUntouched)
        checks.put("POST /v1/erasures", p -> asB().body(Map.of("userId", "u-" + marker)).post(p).then().statusCode(201)
                .body("details.memories", org.hamcrest.Matchers.equalTo(0))
                .body("details.idempotencyRecords", org.hamcrest.Matchers.equalTo(0)));
        // B optimizes with the widest window, lowest threshold and the age rule: nothing of A is merged or removed
        checks.put("POST /v1/maintenance/optimize", p -> asB().body(Map.of("consolidate", Map.of("timeWindowHours",
                87_600, "similarityThreshold", 0.5), "cleanup", Map.of("maxAgeDays", 1, "minImportance", 1.0,
                "maxAccessCount", 1000))).post(p).then().statusCode(201)
                .body("consolidation.groups", org.hamcrest.Matchers.empty()));
        checks.put("POST /v1/memory-types", p -> asB().body(Map.of("code", a.get("memoryType"), "name", "B's own"))
                .post(p).then().statusCode(201));
        for (String route : List.of("POST /v1/contexts", "POST /v1/experiences", "POST /v1/knowledge",
                "POST /v1/patterns", "POST /v1/extract")) {
            checks.put(route, p -> { /* creates in (or reads nothing of) the caller's tenant: covered by the A checks */ });
        }
        // Operator-only routes: a tenant key is refused whatever the id.
        checks.put("GET /v1/admin/tenants", p -> asB().get(p).then().statusCode(403));
        checks.put("POST /v1/admin/tenants", p -> asB().body(Map.of("id", "x-" + marker.substring(4, 10), "name", "x"))
                .post(p).then().statusCode(403));
        checks.put("DELETE /v1/admin/tenants/{tenantId}", p -> asB().delete("/v1/admin/tenants/" + a.get("tenant"))
                .then().statusCode(403));

        TreeSet<String> routes = openApiRoutes();
        TreeSet<String> unknown = new TreeSet<>(routes);
        unknown.removeAll(checks.keySet());
        assertThat(unknown).as("routes without an isolation check: add them to TenantIsolationTest").isEmpty();
        // first everything that must find nothing of A, then the writes that create B's own namesakes of A's data
        List<String> writesLast = List.of("POST /v1/sessions/{sessionId}/messages", "PUT /v1/{namespace}/{key}",
                "POST /v1/memory-types", "POST /v1/interactions");
        for (String route : routes) {
            if (!writesLast.contains(route)) {
                checks.get(route).run(route.substring(route.indexOf(' ') + 1));
            }
        }
        for (String route : writesLast) {
            checks.get(route).run(route.substring(route.indexOf(' ') + 1));
        }
        assertAUntouched();
    }

    private void item(Map<String, Check> checks, String route, String path, Map<String, Object> body) {
        String method = route.substring(0, route.indexOf(' '));
        checks.put(route, p -> {
            RequestSpecification r = asB();
            if (body != null) {
                r.body(body);
            }
            Response res = r.request(method, path);
            assertThat(res.statusCode()).as(route + " → " + res.asString()).isEqualTo(404);
            assertThat(res.asString()).as(route).doesNotContain(secret);
        });
    }

    private void assertNoLeak(String what, Response res) {
        assertThat(res.statusCode()).as(what + " → " + res.asString()).isBetween(200, 299);
        String body = res.asString();
        assertThat(body).as(what).doesNotContain(marker).doesNotContain(secret);
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (!e.getKey().equals("tenant")) {
                assertThat(body).as(what + " shows A's " + e.getKey()).doesNotContain(e.getValue());
            }
        }
    }

    /** B's event stream, replayed from the start, carries nothing of A (A has written plenty by now). */
    private void assertNoEventsOfA() {
        URI uri = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/v1/events");
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + keyB).header("Last-Event-ID", "0-0").build();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        var pending = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    r.body().forEach(lines::add);
                });
        try {
            pending.get(3, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException expected) {
            pending.cancel(true);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(String.join("\n", lines)).doesNotContain(marker).doesNotContain(secret).doesNotContain(a.get("memory"));
    }

    private void assertAUntouched() {
        given().get("/v1/memories/" + a.get("memory")).then().statusCode(200)
                .body("content", org.hamcrest.Matchers.containsString(marker));
        JsonPath memory = given().get("/v1/memories/" + a.get("memory")).then().extract().jsonPath();
        assertThat(memory.getDouble("importance")).isEqualTo(0.5);
        given().get("/v1/memories/" + a.get("memory") + "/revisions").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1))
                .body("items[0].memory.content", org.hamcrest.Matchers.containsString(secret));
        given().get("/v1/associations/" + a.get("association")).then().statusCode(200);
        given().get("/v1/contexts/" + a.get("context")).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Context " + marker));
        given().get("/v1/knowledge/" + a.get("knowledge")).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Knowledge " + marker));
        given().get("/v1/patterns/" + a.get("pattern")).then().statusCode(200).body("appliedCount",
                org.hamcrest.Matchers.equalTo(0));
        given().get("/v1/sessions/" + a.get("session")).then().statusCode(200).body("turnCount",
                org.hamcrest.Matchers.equalTo(1));
        given().get("/v1/cache/" + a.get("cacheKey")).then().statusCode(200).body("value.v",
                org.hamcrest.Matchers.equalTo(secret));
        given().get("/v1/temp/" + a.get("cacheKey")).then().statusCode(200);
        given().get("/v1/memory-types/" + a.get("memoryType")).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Type " + marker));
        given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .get("/v1/admin/tenants/" + TestAuth.DEFAULT_TENANT + "/keys").then().statusCode(200)
                .body("find { it.id == '" + a.get("key") + "' }.revokedAt", org.hamcrest.Matchers.nullValue());
    }

    /** "METHOD /path" of every /v1 operation in the OpenAPI document, with regex path parameters normalised. */
    private static TreeSet<String> openApiRoutes() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath().getMap("paths");
        TreeSet<String> routes = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> e : paths.entrySet()) {
            if (!e.getKey().startsWith("/v1")) {
                continue;
            }
            String path = e.getKey().replaceAll("\\{(\\w+)[^}]*}", "{$1}");
            for (String method : e.getValue().keySet()) {
                if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    routes.add(method.toUpperCase() + " " + path);
                }
            }
        }
        return routes.stream().collect(Collectors.toCollection(TreeSet::new));
    }
}
