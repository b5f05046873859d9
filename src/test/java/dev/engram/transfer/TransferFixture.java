package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * What the transfer tests share: a tenant filled with one of every kind of record through the API, exports parsed
 * into records, field-by-field comparisons and the API's view of a filled tenant. The ids are global primary keys, so
 * a round trip into a fresh tenant first deletes the source tenant's rows ({@link #deleteData}), as a restore after a
 * loss would find them.
 */
@Singleton
class TransferFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> KINDS = List.of("memory_type", "context", "memory", "association", "knowledge",
            "pattern", "experience");

    private final AgroalDataSource db;

    TransferFixture(AgroalDataSource db) {
        this.db = db;
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    static String key(String tenant) {
        return TestAuth.newKey(tenant, Scope.READ, Scope.WRITE, Scope.ADMIN);
    }

    static String id(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isBetween(200, 201);
        return r.path("id");
    }

    /** One of every kind of record, with the fields a restore must keep (superseded, versions, counters, …). */
    Map<String, String> fill(String key) throws InterruptedException {
        Map<String, String> ids = new LinkedHashMap<>();
        as(key).body(Map.of("code", "note", "name", "Note", "retentionPeriod", "P30D", "maxCapacity", 100))
                .post("/v1/memory-types").then().statusCode(201);
        ids.put("context", id(as(key).body(Map.of("name", "Trip planning", "type", "project", "userId", "ana",
                "metadata", Map.of("budget", 1200), "tags", List.of("travel", "2026"))).post("/v1/contexts")));
        ids.put("memory", id(as(key).body(map("content", "Ana prefers window seats on long flights, \"always\",\n"
                        + "even at night", "title", "Seat preference", "type", "note", "contextId", ids.get("context"),
                "userId", "ana", "keywords", List.of("flight", "seat"), "entities", List.of("Ana"), "importance", 0.7,
                "metadata", Map.of("source", "chat", "nested", Map.of("n", 1)), "structuredData", Map.of("seat", "window"),
                "summary", "window seat")).post("/v1/memories")));
        ids.put("memory2", id(as(key).body(Map.of("content", "Ana is allergic to peanuts", "type", "semantic",
                "userId", "ana", "confidence", 0.9)).post("/v1/memories")));
        ids.put("dup1", id(as(key).body(Map.of("content", "The team meeting is moved to Thursday at 10am",
                "userId", "ana")).post("/v1/memories")));
        ids.put("dup2", id(as(key).body(Map.of("content", "The team meeting has been moved to Thursday at 10 am",
                "userId", "ana")).post("/v1/memories")));
        awaitAutomaticLinks(key, ids.get("dup2"));
        as(key).body(Map.of("timeWindowHours", 1)).post("/v1/maintenance/consolidate").then().statusCode(201)
                .body("details.merged", equalTo(1));
        as(key).body(Map.of("importance", 0.8)).patch("/v1/memories/" + ids.get("memory2")).then().statusCode(200);
        update("update memory set importance_decayed_at = now() where id = ?::uuid", ids.get("memory"));
        update("insert into memory_access (memory_id, access_count, last_accessed) values (?::uuid, 7,"
                + " now() - interval '1 hour')", ids.get("memory"));
        ids.put("association", id(as(key).body(Map.of("sourceId", ids.get("memory"), "targetId", ids.get("memory2"),
                "type", "related", "strength", 0.6, "description", "same person")).post("/v1/associations")));
        ids.put("knowledge", id(as(key).body(Map.of("name", "Refund rule", "knowledgeType", "rule", "domain", "billing",
                "description", "Refunds within 30 days", "rules", List.of("refund if < 30 days"),
                "examples", List.of(Map.of("q", "day 12", "a", "yes")))).post("/v1/knowledge")));
        as(key).body(Map.of("name", "Refund rule", "knowledgeType", "rule", "domain", "billing",
                "description", "Refunds within 45 days", "rules", List.of("refund if < 45 days")))
                .put("/v1/knowledge/" + ids.get("knowledge")).then().statusCode(200);
        ids.put("pattern", id(as(key).body(Map.of("name", "Morning person", "patternType", "temporal",
                "conditions", Map.of("hour", "<10"), "actions", Map.of("suggest", "focus work"), "confidence", 0.6))
                .post("/v1/patterns")));
        as(key).body(Map.of("success", true)).post("/v1/patterns/" + ids.get("pattern") + "/applications")
                .then().statusCode(200);
        for (boolean success : List.of(false, true)) {
            ids.put(success ? "experience2" : "experience", id(as(key).body(Map.of("subject", "gpt-4o",
                    "issueType", "json_format", "description", "The model wrapped JSON in markdown fences",
                    "prompt", "Return JSON only", "actions", List.of("add a JSON schema"), "success", success,
                    "durationSeconds", 1.5, "environment", Map.of("temperature", 0.2))).post("/v1/experiences")));
        }
        return ids;
    }

    static byte[] bytes(String body) {
        return body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Automatic "similar" links are made by a background worker, in the order memories were stored: once the last
     * stored memory has its link to its paraphrase, every earlier one has been linked too, and nothing will add
     * associations to the tenant behind the test's back.
     */
    static void awaitAutomaticLinks(String key, String lastStored) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (as(key).get("/v1/memories/" + lastStored + "/associations").then().statusCode(200).extract()
                .jsonPath().getList("items").isEmpty()) {
            assertThat(System.nanoTime()).as("automatic links within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    void update(String sql, Object... binds) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            ps.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a lost tenant leaves: nothing. */
    void deleteData(String tenant) {
        for (String table : List.of("association", "knowledge_version", "knowledge_entry", "memory_revision", "memory", "context",
                "learning_pattern", "issue_pattern", "experience", "memory_type", "maintenance_run")) {
            update("delete from " + table + " where tenant_id = ?", tenant);
        }
    }

    static String export(String key, String format, boolean embeddings) {
        return as(key).queryParam("format", format).queryParam("embeddings", embeddings).get("/v1/export")
                .then().statusCode(200).extract().asString();
    }

    /** kind → data of every record of an NDJSON export; also checks header and footer. */
    static Map<String, List<JsonNode>> records(String ndjson, String tenant) throws Exception {
        assertThat(ndjson).as("NDJSON ends with a newline").endsWith("\n");
        String[] lines = ndjson.split("\n");
        for (String line : lines) { // line-oriented tools (grep '^{"kind":"memory"', split -l) see whole objects
            assertThat(line).as("an NDJSON line is one JSON object, nothing around it").startsWith("{").endsWith("}");
        }
        JsonNode header = JSON.readTree(lines[0]);
        assertThat(header.path("kind").asText()).isEqualTo("header");
        assertThat(header.path("format").asText()).isEqualTo("engram-export");
        assertThat(header.path("version").asInt()).isEqualTo(1);
        assertThat(header.path("tenant").asText()).isEqualTo(tenant);
        assertThat(header.path("embeddingModel").asText()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(header.path("dimensions").asInt()).isEqualTo(384);
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        KINDS.forEach(k -> out.put(k, new ArrayList<>()));
        List<String> order = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            JsonNode line = JSON.readTree(lines[i]);
            out.get(line.path("kind").asText()).add(line.get("data"));
            if (order.isEmpty() || !order.get(order.size() - 1).equals(line.path("kind").asText())) {
                order.add(line.path("kind").asText());
            }
        }
        if (!order.isEmpty()) {
            assertThat(KINDS).as("kinds in import order").containsSubsequence(order);
        }
        JsonNode footer = JSON.readTree(lines[lines.length - 1]);
        assertThat(footer.path("kind").asText()).isEqualTo("footer");
        for (String kind : KINDS) {
            assertThat(footer.path("counts").path(kind).asLong()).as(kind).isEqualTo(out.get(kind).size());
        }
        return out;
    }

    /** Every record of every kind equal, field by field (a failure names the kind, record and field). */
    static void assertSameRecords(Map<String, List<JsonNode>> actual, Map<String, List<JsonNode>> expected) {
        for (String kind : KINDS) {
            assertThat(actual.get(kind)).as(kind + " count").hasSameSizeAs(expected.get(kind));
            for (int i = 0; i < expected.get(kind).size(); i++) {
                JsonNode e = expected.get(kind).get(i);
                JsonNode a = actual.get(kind).get(i);
                List<String> fields = new ArrayList<>();
                e.fieldNames().forEachRemaining(fields::add);
                List<String> actualFields = new ArrayList<>();
                a.fieldNames().forEachRemaining(actualFields::add);
                assertThat(actualFields).as(kind + "[" + i + "] fields").isEqualTo(fields);
                for (String field : fields) {
                    assertThat(a.get(field)).as(kind + "[" + i + "]." + field).isEqualTo(e.get(field));
                }
            }
        }
    }

    static void assertSameView(Map<String, Object> actual, Map<String, Object> expected) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    static ExtractableResponse<Response> importBody(String key, String body, String contentType, boolean dryRun) {
        return as(key).contentType(contentType).queryParam("dryRun", dryRun).body(bytes(body)).post("/v1/import")
                .then().statusCode(200).extract();
    }

    /** What the API answers about the records of a fill(), to compare a restored tenant with its source. */
    static Map<String, Object> apiView(String key, Map<String, String> ids) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (String m : List.of("memory", "memory2", "dup1", "dup2")) {
            Map<String, Object> memory = new LinkedHashMap<>(as(key).get("/v1/memories/" + ids.get(m)).then()
                    .statusCode(200).extract().jsonPath().getMap(""));
            // a read by id is itself an access (counted in batches): the exported records compare the access fields
            memory.remove("accessCount");
            memory.remove("lastAccessed");
            view.put(m, memory);
        }
        Map<String, Object> context = new LinkedHashMap<>(as(key).get("/v1/contexts/" + ids.get("context")).then()
                .statusCode(200).extract().jsonPath().getMap(""));
        context.remove("durationSeconds"); // an open context's duration grows until now
        view.put("context", context);
        view.put("association", as(key).get("/v1/associations/" + ids.get("association")).then().statusCode(200)
                .extract().jsonPath().getMap(""));
        view.put("knowledge", as(key).get("/v1/knowledge/" + ids.get("knowledge")).then().statusCode(200).extract()
                .jsonPath().getMap(""));
        view.put("versions", as(key).get("/v1/knowledge/" + ids.get("knowledge") + "/versions").then().statusCode(200)
                .extract().jsonPath().getMap(""));
        view.put("pattern", as(key).get("/v1/patterns/" + ids.get("pattern")).then().statusCode(200).extract()
                .jsonPath().getMap(""));
        for (String e : List.of("experience", "experience2")) {
            view.put(e, as(key).get("/v1/experiences/" + ids.get(e)).then().statusCode(200).extract().jsonPath().getMap(""));
        }
        view.put("issuePatterns", as(key).get("/v1/experiences/patterns").then().statusCode(200).extract()
                .jsonPath().getList(""));
        view.put("types", as(key).get("/v1/memory-types/note").then().statusCode(200).extract().jsonPath().getMap(""));
        return view;
    }

    static double cosine(JsonNode a, JsonNode b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i).asDouble() * b.get(i).asDouble();
            na += a.get(i).asDouble() * a.get(i).asDouble();
            nb += b.get(i).asDouble() * b.get(i).asDouble();
        }
        return dot / Math.sqrt(na * nb);
    }
}
