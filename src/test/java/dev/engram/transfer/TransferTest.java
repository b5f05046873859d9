package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Export → import round trips with every kind of record. The ids are global primary keys, so a round trip into a
 * fresh tenant first deletes the source tenant's rows (as a restore after a loss would find them); the fresh tenant's
 * own export and API answers are then compared field by field with the source's.
 */
@QuarkusTest
class TransferTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KINDS = List.of("memory_type", "context", "memory", "association", "knowledge",
            "pattern", "experience");

    @Inject
    AgroalDataSource db;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    private static String key(String tenant) {
        return TestAuth.newKey(tenant, Scope.READ, Scope.WRITE, Scope.ADMIN);
    }

    private static String id(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isBetween(200, 201);
        return r.path("id");
    }

    /** One of every kind of record, with the fields a restore must keep (superseded, versions, counters, …). */
    private Map<String, String> fill(String key) throws InterruptedException {
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

    private static byte[] bytes(String body) {
        return body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Automatic "similar" links are made by a background worker, in the order memories were stored: once the last
     * stored memory has its link to its paraphrase, every earlier one has been linked too, and nothing will add
     * associations to the tenant behind the test's back.
     */
    private static void awaitAutomaticLinks(String key, String lastStored) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (as(key).get("/v1/memories/" + lastStored + "/associations").then().statusCode(200).extract()
                .jsonPath().getList("items").isEmpty()) {
            assertThat(System.nanoTime()).as("automatic links within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private void update(String sql, Object... binds) {
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
    private void deleteData(String tenant) {
        for (String table : List.of("association", "knowledge_version", "knowledge_entry", "memory", "context",
                "learning_pattern", "issue_pattern", "experience", "memory_type", "maintenance_run")) {
            update("delete from " + table + " where tenant_id = ?", tenant);
        }
    }

    private static String export(String key, String format, boolean embeddings) {
        return as(key).queryParam("format", format).queryParam("embeddings", embeddings).get("/v1/export")
                .then().statusCode(200).extract().asString();
    }

    /** kind → data of every record of an NDJSON export; also checks header and footer. */
    private static Map<String, List<JsonNode>> records(String ndjson, String tenant) throws Exception {
        String[] lines = ndjson.split("\n");
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
    private static void assertSameRecords(Map<String, List<JsonNode>> actual, Map<String, List<JsonNode>> expected) {
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

    private static void assertSameView(Map<String, Object> actual, Map<String, Object> expected) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static ExtractableResponse<Response> importBody(String key, String body, String contentType, boolean dryRun) {
        return as(key).contentType(contentType).queryParam("dryRun", dryRun).body(bytes(body)).post("/v1/import")
                .then().statusCode(200).extract();
    }

    /** What the API answers about the records of a fill(), to compare a restored tenant with its source. */
    private static Map<String, Object> apiView(String key, Map<String, String> ids) {
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

    @Test
    void ndjsonAndJsonRoundTripsShouldReproduceEveryRecordAndReimportShouldChangeNothing() throws Exception {
        String tenantA = "xfer-a-" + run;
        String keyA = key(tenantA);
        Map<String, String> ids = fill(keyA);
        String ndjson = export(keyA, "ndjson", true);
        String json = export(keyA, "json", true);
        Map<String, List<JsonNode>> source = records(ndjson, tenantA);
        Map<String, Object> viewA = apiView(keyA, ids);
        // Reading a memory counts as an access, batched and flushed every second (engram.memory.access-flush-interval):
        // let the increments of apiView land on the source now, not later on the imported copy with the same id.
        Thread.sleep(2500);

        assertThat(source.get("memory_type")).hasSize(1);
        assertThat(source.get("context")).hasSize(1);
        assertThat(source.get("memory")).hasSize(4);
        assertThat(source.get("association")).as("the curated edge (automatic ones vary with the model)")
                .anyMatch(a -> a.path("id").asText().equals(ids.get("association")));
        assertThat(source.get("knowledge")).hasSize(1);
        assertThat(source.get("knowledge").get(0).path("versions")).hasSize(2);
        assertThat(source.get("pattern")).hasSize(1);
        assertThat(source.get("experience")).hasSize(2);
        JsonNode merged = source.get("memory").get(3);
        assertThat(merged.path("supersededBy").asText()).as("superseded memories come after every survivor")
                .isIn(ids.get("dup1"), ids.get("dup2"));
        JsonNode seat = source.get("memory").stream().filter(m -> m.path("id").asText().equals(ids.get("memory")))
                .findFirst().orElseThrow();
        assertThat(seat.path("embedding")).hasSize(384);
        assertThat(seat.path("accessCount").asInt()).isEqualTo(7);
        assertThat(seat.path("embeddingModel").asText()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(seat.path("importanceDecayedAt").isTextual()).isTrue();
        // the JSON document carries the same records
        JsonNode document = JSON.readTree(json);
        assertThat(document.path("header").path("tenant").asText()).isEqualTo(tenantA);
        for (String kind : KINDS) {
            List<JsonNode> fromJson = new ArrayList<>();
            document.path(kind).forEach(fromJson::add);
            assertThat(fromJson).as(kind).isEqualTo(source.get(kind));
            assertThat(document.path("counts").path(kind).asInt()).isEqualTo(source.get(kind).size());
        }

        // NDJSON into a fresh tenant after the source lost everything
        deleteData(tenantA);
        String tenantB = "xfer-b-" + run;
        String keyB = key(tenantB);
        JsonPath report = importBody(keyB, ndjson, "application/x-ndjson", false).jsonPath();
        for (String kind : KINDS) {
            assertThat(report.getLong("created." + kind)).as(kind).isEqualTo(source.get(kind).size());
            assertThat(report.getLong("skipped." + kind)).as(kind).isZero();
        }
        assertThat(report.getList("rejected")).isEmpty();
        assertThat(report.getLong("reembedded")).as("same model, vectors kept").isZero();
        assertThat(report.getBoolean("dryRun")).isFalse();
        String exportB = export(keyB, "ndjson", true);
        assertSameRecords(records(exportB, tenantB), source);

        // the same body again: everything skipped, nothing changed
        JsonPath again = importBody(keyB, ndjson, "application/x-ndjson", false).jsonPath();
        for (String kind : KINDS) {
            assertThat(again.getLong("created." + kind)).as(kind).isZero();
            assertThat(again.getLong("skipped." + kind)).as(kind).isEqualTo(source.get(kind).size());
        }
        assertSameRecords(records(export(keyB, "ndjson", true), tenantB), source);

        // another tenant cannot take these ids: rejected, neither changed nor revealed; its memory type is its own
        String tenantC = "xfer-c-" + run;
        String keyC = key(tenantC);
        JsonPath conflict = importBody(keyC, json, "application/json", false).jsonPath();
        assertThat(conflict.getLong("created.memory_type")).isEqualTo(1);
        long withIds = source.values().stream().mapToLong(List::size).sum() - source.get("memory_type").size();
        assertThat(conflict.getLong("rejectedCount")).isEqualTo(withIds);
        assertThat(conflict.getList("rejected.reason", String.class)).allSatisfy(r -> assertThat(r).startsWith("id-conflict"));
        assertThat(conflict.getList("rejected.line", Integer.class)).allSatisfy(l -> assertThat(l).isPositive());
        as(keyC).get("/v1/memories/" + ids.get("memory")).then().statusCode(404);
        assertSameRecords(records(export(keyB, "ndjson", true), tenantB), source);
        // the API answers as it did for the source (reading by id counts an access, so this comes last)
        assertSameView(apiView(keyB, ids), viewA);

        // the JSON document into yet another fresh tenant
        deleteData(tenantB);
        String tenantD = "xfer-d-" + run;
        String keyD = key(tenantD);
        JsonPath fromJson = importBody(keyD, json, "application/json", false).jsonPath();
        assertThat(fromJson.getList("rejected")).isEmpty();
        assertSameRecords(records(export(keyD, "ndjson", true), tenantD), source);
        assertSameView(apiView(keyD, ids), viewA);
    }

    @Test
    void importWithoutEmbeddingsShouldReembedAndBeSearchable() throws Exception {
        String tenant = "xfer-e-" + run;
        String key = key(tenant);
        Map<String, String> ids = fill(key);
        String withoutVectors = export(key, "ndjson", false);
        assertThat(withoutVectors).doesNotContain("\"embedding\"");
        Map<String, List<JsonNode>> source = records(withoutVectors, tenant);
        String withVectors = export(key, "ndjson", true);
        deleteData(tenant);

        JsonPath dry = importBody(key, withoutVectors, "application/x-ndjson", true).jsonPath();
        assertThat(dry.getBoolean("dryRun")).isTrue();
        assertThat(dry.getLong("created.memory")).isEqualTo(4);
        assertThat(dry.getLong("reembedded")).isEqualTo(4 + 1 + 2);
        as(key).get("/v1/memories/" + ids.get("memory")).then().statusCode(404);
        assertThat(records(export(key, "ndjson", true), tenant).get("memory")).as("a dry run keeps nothing").isEmpty();

        JsonPath report = importBody(key, withoutVectors, "application/x-ndjson", false).jsonPath();
        assertThat(report.getLong("reembedded")).as("memories, knowledge, experiences").isEqualTo(4 + 1 + 2);
        assertThat(report.getList("rejected")).isEmpty();
        assertSameRecords(records(export(key, "ndjson", false), tenant), source);
        List<JsonNode> restored = records(export(key, "ndjson", true), tenant).get("memory");
        List<JsonNode> original = records(withVectors, tenant).get("memory");
        for (int i = 0; i < original.size(); i++) {
            assertThat(restored.get(i).path("embedding")).hasSize(384);
            assertThat(cosine(restored.get(i).path("embedding"), original.get(i).path("embedding")))
                    .as("the same text through the same model").isGreaterThan(0.999);
        }
        as(key).body(Map.of("query", "which seat does Ana like on a plane", "mode", "semantic", "limit", 1))
                .post("/v1/memories/search").then().statusCode(200).body("hits[0].memory.id", equalTo(ids.get("memory")));
        as(key).body(Map.of("query", "refunds", "limit", 1)).post("/v1/knowledge/search").then().statusCode(200)
                .body("hits[0].entry.id", equalTo(ids.get("knowledge")));
    }

    private static double cosine(JsonNode a, JsonNode b) {
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

    @Test
    void malformedAndInvalidRecordsShouldBeRejectedWithTheirLineAndTheRestImported() throws Exception {
        String key = key("xfer-f-" + run);
        String good = UUID.randomUUID().toString();
        String body = String.join("\n",
                "{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1,\"embeddingModel\":\"other-model\"}",
                "this is not json",
                "",
                "{\"kind\":\"memory\",\"data\":{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"semantic\","
                        + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                        + "\"updatedAt\":\"2026-01-01T00:00:00Z\"}}",
                "{\"kind\":\"gadget\",\"data\":{}}",
                "{\"kind\":\"memory\",\"data\":{\"id\":\"not-a-uuid\",\"type\":\"semantic\",\"content\":\"x\"}}",
                "{\"kind\":\"memory\",\"data\":{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"no-such-type\","
                        + "\"content\":\"x\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                        + "\"updatedAt\":\"2026-01-01T00:00:00Z\"}}",
                "{\"kind\":\"memory\",\"data\":{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"semantic\","
                        + "\"content\":\"x\",\"importance\":7,\"occurredAt\":\"2026-01-01T00:00:00Z\","
                        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}}",
                "{\"kind\":\"memory\",\"data\":{\"id\":\"" + good + "\",\"type\":\"semantic\",\"content\":\"Imported by hand: "
                        + "the office plants need water on Fridays\",\"occurredAt\":\"2026-01-01T00:00:00Z\","
                        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\","
                        + "\"embedding\":[0.1,0.2],\"embeddingModel\":\"other-model\"}}",
                "{\"kind\":\"association\",\"data\":{\"id\":\"" + UUID.randomUUID() + "\",\"sourceId\":\"" + good
                        + "\",\"targetId\":\"" + UUID.randomUUID() + "\",\"type\":\"related\","
                        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}}");
        JsonPath report = importBody(key, body, "application/x-ndjson", false).jsonPath();

        assertThat(report.getLong("created.memory")).as(report.prettify()).isEqualTo(1);
        assertThat(report.getLong("reembedded")).isEqualTo(1);
        assertThat(report.getLong("rejectedCount")).isEqualTo(7);
        List<Map<String, Object>> rejected = report.getList("rejected");
        assertThat(rejected).extracting(r -> r.get("line")).containsExactly(2, 4, 5, 6, 7, 8, 10);
        assertThat(rejected.get(0).get("reason").toString()).startsWith("malformed-json");
        assertThat(rejected.get(1).get("reason")).isEqualTo("missing field content");
        assertThat(rejected.get(2).get("reason").toString()).startsWith("unknown-kind");
        assertThat(rejected.get(3).get("reason")).isEqualTo("id must be a UUID");
        assertThat(rejected.get(4).get("reason")).isEqualTo("unknown-memory-type");
        assertThat(rejected.get(5).get("reason").toString()).startsWith("invalid-value (memory_importance_check)");
        assertThat(rejected.get(6).get("reason").toString()).startsWith("unknown-memory");
        assertThat(rejected.get(6).get("kind")).isEqualTo("association");
        as(key).get("/v1/memories/" + good).then().statusCode(200)
                .body("createdAt", equalTo("2026-01-01T00:00:00Z")).body("embeddingModel", equalTo("all-minilm-l6-v2-q"));
        as(key).body(Map.of("query", "watering the office plants", "mode", "semantic", "limit", 1))
                .post("/v1/memories/search").then().statusCode(200).body("hits[0].memory.id", equalTo(good));
    }

    /** A knowledge record with one version whose createdAt and entry are given as JSON text. */
    private static String knowledgeLine(String id, String versionCreatedAt, String versionEntry) {
        return "{\"kind\":\"knowledge\",\"data\":{\"id\":\"" + id + "\",\"name\":\"Entry " + id + "\","
                + "\"knowledgeType\":\"fact\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\","
                + "\"versions\":[{\"id\":\"" + UUID.randomUUID() + "\",\"version\":1,\"createdAt\":" + versionCreatedAt
                + ",\"entry\":" + versionEntry + "}]}}";
    }

    @Test
    void aKnowledgeVersionPostgresqlCannotStoreShouldRejectItsRecordOnly() throws Exception {
        String key = key("xfer-v-" + run);
        String nul = UUID.randomUUID().toString();
        String farFuture = UUID.randomUUID().toString();
        String good = UUID.randomUUID().toString();
        String body = String.join("\n",
                "{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1}",
                knowledgeLine(nul, "\"2026-01-01T00:00:00Z\"", "{\"x\":\"a\\u0000b\"}"),
                knowledgeLine(farFuture, "\"+300000-01-01T00:00:00Z\"", "{\"x\":\"y\"}"),
                knowledgeLine(good, "\"2026-01-01T00:00:00Z\"", "{\"x\":\"y\"}"));
        JsonPath report = importBody(key, body, "application/x-ndjson", false).jsonPath();

        assertThat(report.getLong("created.knowledge")).as(report.prettify()).isEqualTo(1);
        List<Map<String, Object>> rejected = report.getList("rejected");
        assertThat(rejected).extracting(r -> r.get("line")).containsExactly(2, 3);
        assertThat(rejected.get(0).get("reason").toString()).startsWith("invalid-text");
        assertThat(rejected.get(1).get("reason").toString()).contains("versions[].createdAt");
        as(key).get("/v1/knowledge/" + good).then().statusCode(200);
        as(key).get("/v1/knowledge/" + nul).then().statusCode(404);
        as(key).get("/v1/knowledge/" + farFuture).then().statusCode(404);
        assertThat(records(export(key, "ndjson", false), "xfer-v-" + run).get("knowledge").get(0).get("versions"))
                .as("the good entry's version is kept").hasSize(1);
    }

    @Test
    void badRequestsShouldBeProblems() {
        given().queryParam("format", "xml").get("/v1/export").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://engram.dev/problems/invalid-parameter"))
                .body("violations[0].field", equalTo("format"));
        given().queryParam("embeddings", "maybe").get("/v1/export").then().statusCode(400)
                .body("violations[0].field", equalTo("embeddings"));
        given().contentType("application/x-ndjson").body(bytes("{\"kind\":\"memory\",\"data\":{}}\n")).post("/v1/import")
                .then().statusCode(400).body("type", equalTo("https://engram.dev/problems/validation-failed"))
                .body("violations[0].field", equalTo("header"));
        given().contentType("application/x-ndjson")
                .body(bytes("{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":2}\n")).post("/v1/import")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("version"));
        given().contentType(ContentType.JSON).body("[1,2]").post("/v1/import").then().statusCode(400)
                .body("violations[0].field", equalTo("header"));
        given().contentType(ContentType.TEXT).body("hello").post("/v1/import").then().statusCode(415);
        String reader = TestAuth.newKey("xfer-r-" + run, Scope.READ);
        given().header("Authorization", "Bearer " + reader).contentType("application/x-ndjson")
                .body(bytes("{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1}\n")).post("/v1/import")
                .then().statusCode(403);
    }

    @Test
    void csvShouldHoldOneQuotedRowPerMemoryAndTheHeadersShouldNameTheFile() throws Exception {
        String tenant = "xfer-g-" + run;
        String key = key(tenant);
        Map<String, String> ids = fill(key);
        Response response = as(key).queryParam("format", "csv").get("/v1/export");
        response.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", org.hamcrest.Matchers.matchesPattern(
                        "attachment; filename=\"engram-" + tenant + "-\\d{8}T\\d{6}Z\\.csv\""));
        var rows = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerForListOf(String.class).with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .<List<String>>readValues(response.asString()).readAll();
        assertThat(rows).hasSize(1 + 4);
        List<String> columns = rows.get(0);
        assertThat(columns).startsWith("id", "type", "contextId").doesNotContain("embedding");
        List<String> seat = rows.stream().filter(r -> r.get(0).equals(ids.get("memory"))).findFirst().orElseThrow();
        assertThat(seat.get(columns.indexOf("content")))
                .isEqualTo("Ana prefers window seats on long flights, \"always\",\neven at night");
        assertThat(JSON.readTree(seat.get(columns.indexOf("keywords")))).isEqualTo(JSON.readTree("[\"flight\",\"seat\"]"));
        assertThat(seat.get(columns.indexOf("accessCount"))).isEqualTo("7");
        as(key).queryParam("format", "ndjson").get("/v1/export").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/x-ndjson"))
                .header("Content-Disposition", org.hamcrest.Matchers.endsWith(".ndjson\""));
        List<String> withVectors = new com.fasterxml.jackson.dataformat.csv.CsvMapper().readerForListOf(String.class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .<List<String>>readValues(as(key).queryParam("format", "csv").queryParam("embeddings", true)
                        .get("/v1/export").asString()).next();
        assertThat(withVectors).endsWith("embedding");
    }
}
