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
}
