package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.transfer.TransferFixture.as;
import static dev.engram.transfer.TransferFixture.bytes;
import static dev.engram.transfer.TransferFixture.export;
import static dev.engram.transfer.TransferFixture.importBody;
import static dev.engram.transfer.TransferFixture.key;
import static dev.engram.transfer.TransferFixture.records;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Records and bodies an import refuses: each bad record is rejected with its line and reason and the rest imported;
 * bad requests are problems.
 */
@QuarkusTest
class ImportRejectionTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);

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
        // line 8 (importance 7) is refused as the API would refuse it, when it is read: before line 7, whose memory
        // type is looked up with its batch
        assertThat(rejected).extracting(r -> r.get("line")).containsExactly(2, 4, 5, 6, 8, 7, 10);
        assertThat(rejected.get(0).get("reason").toString()).startsWith("malformed-json");
        assertThat(rejected.get(1).get("reason")).isEqualTo("missing field content");
        assertThat(rejected.get(2).get("reason").toString()).startsWith("unknown-kind");
        assertThat(rejected.get(3).get("reason")).isEqualTo("id must be a UUID");
        assertThat(rejected.get(4).get("reason").toString()).startsWith("validation-failed: importance must be less");
        assertThat(rejected.get(5).get("reason")).isEqualTo("unknown-memory-type");
        assertThat(rejected.get(6).get("reason").toString()).startsWith("unknown-memory");
        assertThat(rejected.get(6).get("kind")).isEqualTo("association");
        as(key).get("/v1/memories/" + good).then().statusCode(200)
                .body("createdAt", equalTo("2026-01-01T00:00:00Z")).body("embeddingModel", equalTo("all-minilm-l6-v2-q"));
        as(key).body(Map.of("query", "watering the office plants", "mode", "semantic", "limit", 1))
                .post("/v1/memories/search").then().statusCode(200).body("hits[0].memory.id", equalTo(good));
    }

    /** A knowledge record with one version whose createdAt and entry are given as JSON text. */
    private static String knowledgeLine(String id, String versionCreatedAt, String versionEntry) {
        return knowledgeWithVersions(id, version(UUID.randomUUID().toString(), 1, versionCreatedAt, versionEntry));
    }

    /** A knowledge record with the given versions (JSON objects). */
    private static String knowledgeWithVersions(String id, String... versions) {
        return "{\"kind\":\"knowledge\",\"data\":{\"id\":\"" + id + "\",\"name\":\"Entry " + id + "\","
                + "\"knowledgeType\":\"fact\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\","
                + "\"versions\":[" + String.join(",", versions) + "]}}";
    }

    private static String version(String id, int number, String createdAt, String entry) {
        return "{\"id\":\"" + id + "\",\"version\":" + number + ",\"createdAt\":" + createdAt + ",\"entry\":" + entry
                + "}";
    }

    @Test
    void knowledgeVersionsWhoseIdsAreTakenShouldBeKeptUnderNewIds() throws Exception {
        String header = "{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1}";
        String taken = UUID.randomUUID().toString();
        String first = "xfer-k1-" + run;
        String second = "xfer-k2-" + run;
        String at = "\"2026-01-01T00:00:00Z\"";
        Integer created = importBody(key(first), header + "\n" + knowledgeWithVersions(UUID.randomUUID().toString(),
                version(taken, 1, at, "{\"name\":\"first\"}")), "application/x-ndjson", false).path("created.knowledge");
        assertThat(created).isEqualTo(1);

        // the same file with new entry ids, into another tenant: the version id is stored already
        String entry = UUID.randomUUID().toString();
        JsonPath report = importBody(key(second), header + "\n" + knowledgeWithVersions(entry,
                version(taken, 1, at, "{\"name\":\"second\"}")), "application/x-ndjson", false).jsonPath();

        assertThat(report.getLong("created.knowledge")).as(report.prettify()).isEqualTo(1);
        JsonNode versions = records(export(key(second), "ndjson", false), second).get("knowledge").get(0)
                .get("versions");
        assertThat(versions).as("the version is kept, under a new id").hasSize(1);
        assertThat(versions.get(0).get("id").asText()).isNotEqualTo(taken);
        assertThat(versions.get(0).path("entry").path("name").asText()).isEqualTo("second");
    }

    @Test
    void aKnowledgeRecordWithTwoVersionsOfOneNumberShouldBeRejected() throws Exception {
        String tenant = "xfer-k3-" + run;
        String entry = UUID.randomUUID().toString();
        String at = "\"2026-01-01T00:00:00Z\"";
        JsonPath report = importBody(key(tenant), "{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1}\n"
                + knowledgeWithVersions(entry, version(UUID.randomUUID().toString(), 1, at, "{\"x\":\"a\"}"),
                version(UUID.randomUUID().toString(), 1, at, "{\"x\":\"b\"}")), "application/x-ndjson", false)
                .jsonPath();
        assertThat(report.getLong("created.knowledge")).isZero();
        assertThat(report.getString("rejected[0].reason")).contains("appears twice");
        as(key(tenant)).get("/v1/knowledge/" + entry).then().statusCode(404);
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
        assertThat(rejected.get(0)).as("the line's kind and id are named although it was refused as text")
                .containsEntry("kind", "knowledge").containsEntry("id", nul);
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
        given().contentType(ContentType.TEXT).body("hello").post("/v1/import").then().statusCode(415)
                .body("detail", org.hamcrest.Matchers.equalTo("Send the request body as application/json or application/x-ndjson"));
        String reader = TestAuth.newKey("xfer-r-" + run, Scope.READ);
        given().header("Authorization", "Bearer " + reader).contentType("application/x-ndjson")
                .body(bytes("{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1}\n")).post("/v1/import")
                .then().statusCode(403);
    }
}
