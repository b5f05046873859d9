package dev.engram.transfer;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.transfer.TransferFixture.importBody;
import static dev.engram.transfer.TransferFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An import stores nothing the API would refuse: each record over one of the API's limits is rejected with its reason,
 * and no reason echoes Jackson's messages. Before, RowConverter checked only the column types.
 */
@QuarkusTest
class ImportApiLimitsTest {

    private static final String HEADER = "{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1}";

    private static String memory(String fields) {
        return "{\"kind\":\"memory\",\"data\":{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"semantic\","
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                + "\"updatedAt\":\"2026-01-01T00:00:00Z\"," + fields + "}}";
    }

    @Test
    void recordsTheApiWouldRefuseAreRejected() {
        String key = key("xfer-limits-" + UUID.randomUUID().toString().substring(0, 8));
        String body = String.join("\n", HEADER,
                memory("\"content\":\"\""),
                memory("\"content\":\"\\u0001\""),
                memory("\"content\":\"x\",\"title\":\"" + "t".repeat(100_000) + "\""),
                memory("\"content\":\"x\",\"userId\":\"" + "u".repeat(5_000) + "\""),
                "{\"kind\":\"memory\",\"data\":{\"importance\":NaN}}",
                memory("\"content\":\"within every limit\""));
        JsonPath report = importBody(key, body, "application/x-ndjson", false).jsonPath();
        assertThat(report.getLong("created.memory")).as(report.prettify()).isEqualTo(1);
        List<Map<String, Object>> rejected = report.getList("rejected");
        assertThat(rejected).extracting(r -> r.get("line")).containsExactly(2, 3, 4, 5, 6);
        assertThat(rejected).extracting(r -> r.get("reason").toString()).satisfiesExactly(
                r -> assertThat(r).startsWith("validation-failed: content must not be blank"),
                r -> assertThat(r).startsWith("invalid-text"),
                r -> assertThat(r).startsWith("validation-failed: title"),
                r -> assertThat(r).startsWith("validation-failed: userId"),
                r -> assertThat(r).startsWith("malformed-json: the line is not valid JSON (column ")
                        .doesNotContain("JsonReadFeature").doesNotContain("NaN"));

        // the API's 32 KiB content limit, also in a dry run
        String big = String.join("\n", HEADER, memory("\"content\":\"" + "c".repeat(1_100_000) + "\""));
        JsonPath dry = importBody(key, big, "application/x-ndjson", true).jsonPath();
        assertThat(dry.getLong("rejectedCount")).as(dry.prettify()).isEqualTo(1);
        assertThat(dry.getString("rejected[0].reason")).startsWith("content-too-large: content has 1100000 bytes");
    }

    private static final String TIMES = "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"";

    private static String record(String kind, String fields) {
        return "{\"kind\":\"" + kind + "\",\"data\":{\"id\":\"" + UUID.randomUUID() + "\"," + TIMES + "," + fields + "}}";
    }

    /**
     * Every kind is held to its create request's rules, not only memories. Before, a context with a blank name and
     * blank tags was stored (and then listed as the API never answers), and one knowledge entry whose text the model
     * cannot read failed the whole import with a 400 after the batches before it had been written.
     */
    @Test
    void everyKindIsHeldToItsCreateRequestsRules() {
        String key = key("xfer-kinds-" + UUID.randomUUID().toString().substring(0, 8));
        String started = "\"startedAt\":\"2026-01-01T00:00:00Z\"";
        String body = String.join("\n", HEADER,
                record("context", "\"type\":\"task\",\"name\":\"\"," + started),
                record("context", "\"type\":\"task\",\"name\":\"c\",\"tags\":[\"\"]," + started),
                record("knowledge", "\"name\":\"" + "n".repeat(10_000) + "\",\"knowledgeType\":\"fact\""),
                record("knowledge", "\"name\":\"\\u0001\",\"knowledgeType\":\"fact\""),
                record("knowledge", "\"name\":\"k\",\"knowledgeType\":\"fact\",\"content\":{\"t\":\""
                        + "x".repeat(70_000) + "\"}"),
                record("pattern", "\"name\":\" \",\"patternType\":\"temporal\",\"priorConfidence\":0.5,"
                        + "\"confidence\":0.5"),
                record("experience", "\"subject\":\"gpt-4o\",\"subjectFamily\":\"gpt\",\"issueType\":\"empty\","
                        + "\"description\":\"\\u0002\\u0003\",\"success\":true,\"signature\":\"s\","
                        + "\"occurredAt\":\"2026-01-01T00:00:00Z\""),
                "{\"kind\":\"memory_type\",\"data\":{\"code\":\"okcode\",\"name\":\"\"," + TIMES + "}}",
                record("knowledge", "\"name\":\"Lisbon is the capital of Portugal\",\"knowledgeType\":\"fact\""),
                record("context", "\"type\":\"task\",\"name\":\"Trip planning\"," + started));
        JsonPath report = importBody(key, body, "application/x-ndjson", false).jsonPath();
        assertThat(report.getLong("created.knowledge")).as(report.prettify()).isEqualTo(1);
        assertThat(report.getLong("created.context")).as(report.prettify()).isEqualTo(1);
        assertThat(report.getLong("created.pattern") + report.getLong("created.experience")
                + report.getLong("created.memory_type")).isZero();
        List<Map<String, Object>> rejected = report.getList("rejected");
        assertThat(rejected).extracting(r -> r.get("line")).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(rejected).extracting(r -> r.get("reason").toString()).satisfiesExactly(
                r -> assertThat(r).startsWith("validation-failed: name must not be blank"),
                r -> assertThat(r).startsWith("validation-failed: tags[0].<list element> must not be blank"),
                r -> assertThat(r).startsWith("validation-failed: name size must be between"),
                r -> assertThat(r).startsWith("invalid-text: name, description and rules have no characters"),
                r -> assertThat(r).startsWith("content-too-large: content and examples have 70010 bytes of JSON; the limit is 65536"),
                r -> assertThat(r).startsWith("validation-failed: name must not be blank"),
                r -> assertThat(r).startsWith("invalid-text: description and prompt have no characters"),
                r -> assertThat(r).startsWith("validation-failed: name must not be blank"));
    }

    /** An association of a type the deployment does not configure is refused as {@code POST /v1/associations} does. */
    @Test
    void associationsOfUnconfiguredTypesAreRejected() {
        String key = key("xfer-assoc-" + UUID.randomUUID().toString().substring(0, 8));
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String body = String.join("\n", HEADER,
                ImportLines.memory(a, "semantic", null),
                ImportLines.memory(b, "semantic", null),
                record("association", "\"sourceId\":\"" + a + "\",\"targetId\":\"" + b + "\",\"type\":\"loves\""),
                record("association", "\"sourceId\":\"" + a + "\",\"targetId\":\"" + b
                        + "\",\"type\":\"related\",\"strength\":1.5"),
                record("association", "\"sourceId\":\"" + a + "\",\"targetId\":\"" + b + "\",\"type\":\"contradicts\""));
        JsonPath report = importBody(key, body, "application/x-ndjson", false).jsonPath();
        assertThat(report.getLong("created.memory")).as(report.prettify()).isEqualTo(2);
        assertThat(report.getLong("created.association")).as(report.prettify()).isEqualTo(1);
        List<Map<String, Object>> rejected = report.getList("rejected");
        assertThat(rejected).extracting(r -> r.get("line")).containsExactly(4, 5);
        assertThat(rejected).extracting(r -> r.get("reason").toString()).satisfiesExactly(
                r -> assertThat(r).startsWith("validation-failed: type must be one of: related, similar"),
                r -> assertThat(r).startsWith("validation-failed: strength must be less than or equal to 1.0"));
    }

    /**
     * An earlier version must read as what its GET answers. Before, a knowledge version with {@code "accuracy":
     * "high"} was imported and every {@code GET /v1/knowledge/{id}/versions} after it was a 500.
     */
    @Test
    void earlierVersionsMustReadAsTheirGetAnswers() {
        String key = key("xfer-hist-" + UUID.randomUUID().toString().substring(0, 8));
        String knowledge = UUID.randomUUID().toString();
        String memory = UUID.randomUUID().toString();
        String numeric = UUID.randomUUID().toString();
        String at = "\"createdAt\":\"2026-01-01T00:00:00Z\"";
        String body = String.join("\n", HEADER,
                record("knowledge", "\"name\":\"kv\",\"knowledgeType\":\"fact\",\"versions\":[{\"id\":\""
                        + UUID.randomUUID() + "\",\"version\":1," + at + ",\"entry\":{\"accuracy\":\"high\"}}]"),
                record("knowledge", "\"name\":\"kv\",\"knowledgeType\":\"fact\",\"versions\":[{\"id\":\""
                        + UUID.randomUUID() + "\",\"version\":1," + at + ",\"entry\":{\"createdAt\":\"yesterday\"}}]"),
                memory("\"content\":\"m\",\"revisions\":[{\"id\":\"" + UUID.randomUUID() + "\",\"version\":0,"
                        + "\"replacedAt\":\"2026-01-01T00:00:00Z\",\"memory\":{\"importance\":[1]}}]"),
                record("knowledge", "\"name\":\"kv\",\"knowledgeType\":\"fact\",\"versions\":[{\"id\":\""
                        + UUID.randomUUID() + "\",\"version\":1," + at + ",\"entry\":{\"createdAt\":-9223372036854775809}}]"),
                // fields the response no longer has (an older Engram's export) are not an error
                ("{\"kind\":\"knowledge\",\"data\":{\"id\":\"" + knowledge + "\"," + TIMES + ",\"name\":\"Refunds\","
                        + "\"knowledgeType\":\"rule\",\"versions\":[{\"id\":\"" + UUID.randomUUID() + "\",\"version\":1,"
                        + at + ",\"entry\":{\"name\":\"Refunds\",\"retiredField\":1}}]}}"),
                // a time as a number (the fuzz audit's -1e308 came back from jsonb as 309 digits that no timestamp
                // reads, and every GET of the revisions was a 500): stored as the service writes a snapshot
                ("{\"kind\":\"memory\",\"data\":{\"id\":\"" + numeric + "\",\"type\":\"semantic\",\"content\":\"m\","
                        + "\"occurredAt\":\"2026-01-01T00:00:00Z\"," + TIMES + ",\"revisions\":[{\"id\":\""
                        + UUID.randomUUID() + "\",\"version\":0,\"replacedAt\":\"2026-01-02T00:00:00Z\","
                        + "\"memory\":{\"content\":\"before\",\"updatedAt\":-1e308,\"importance\":-1e308}}]}}"),
                ("{\"kind\":\"memory\",\"data\":{\"id\":\"" + memory + "\",\"type\":\"semantic\",\"content\":\"now\","
                        + "\"occurredAt\":\"2026-01-01T00:00:00Z\"," + TIMES + ",\"revisions\":[{\"id\":\""
                        + UUID.randomUUID() + "\",\"version\":0,\"replacedAt\":\"2026-01-02T00:00:00Z\","
                        + "\"memory\":{\"content\":\"before\",\"version\":0,\"retiredField\":true}}]}}"));
        JsonPath report = importBody(key, body, "application/x-ndjson", false).jsonPath();
        assertThat(report.getLong("created.knowledge")).as(report.prettify()).isEqualTo(1);
        assertThat(report.getLong("created.memory")).as(report.prettify()).isEqualTo(2);
        assertThat(report.getList("rejected.reason", String.class)).containsExactly(
                "validation-failed: versions[0].entry.accuracy has an invalid value",
                "validation-failed: versions[0].entry.createdAt has an invalid value",
                "validation-failed: revisions[0].memory.importance has an invalid value",
                "validation-failed: versions[0].entry.createdAt has an invalid value");

        TransferFixture.as(key).get("/v1/knowledge/" + knowledge + "/versions").then().statusCode(200)
                .body("items[0].entry.name", org.hamcrest.Matchers.equalTo("Refunds"));
        TransferFixture.as(key).get("/v1/memories/" + memory + "/revisions").then().statusCode(200)
                .body("items[0].memory.content", org.hamcrest.Matchers.equalTo("before"))
                .body("items[0].replacedAt", org.hamcrest.Matchers.equalTo("2026-01-02T00:00:00Z"));
        TransferFixture.as(key).get("/v1/memories/" + numeric + "/revisions").then().statusCode(200)
                .body("items[0].memory.content", org.hamcrest.Matchers.equalTo("before"));
        TransferFixture.as(key).get("/v1/export").then().statusCode(200);
    }
}
