package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.transfer.ImportLines.HEADER;
import static dev.engram.transfer.TransferFixture.JSON;
import static dev.engram.transfer.TransferFixture.as;
import static dev.engram.transfer.TransferFixture.export;
import static dev.engram.transfer.TransferFixture.importBody;
import static dev.engram.transfer.TransferFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue patterns an import leaves (rebuilt set-based from the stored experiences) are those that recording the
 * same experiences one by one leaves: counters, first and last seen, confidence (saturating at ten attempts) and
 * the best fix. The experiences are recorded through the API into one tenant, then imported, under new ids, into
 * another in two bodies (so the second import adds to patterns that exist).
 */
@QuarkusTest
class ImportIssuePatternTest {

    private static final String PATTERN_COLUMNS = "signature, issue_type, subject_family, attempts, success_count,"
            + " failure_count, best_actions, best_actions_successes, confidence, first_seen, last_seen";

    @Inject
    AgroalDataSource db;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void importedExperiencesShouldLeaveThePatternsThatRecordingThemLeaves() throws Exception {
        String recorded = "xfer-ip-rec-" + run;
        String recordedKey = key(recorded);
        record(recordedKey, "gpt-4o", "json_format", 12, i -> i % 3 != 0, i -> i % 2 == 0 ? "add a schema" : "retry");
        record(recordedKey, "claude-3", "json_format", 3, i -> i == 1, i -> "lower temperature");
        record(recordedKey, "gpt-4o", "refusal", 4, i -> false, i -> "rephrase");
        record(recordedKey, "llama-3", "timeout", 2, i -> true, i -> null);
        List<Map<String, Object>> expected = patterns(recorded);
        assertThat(expected).hasSize(4);

        List<String> experiences = experienceLines(export(recordedKey, "ndjson", true));
        String imported = "xfer-ip-imp-" + run;
        String importedKey = key(imported);
        int half = experiences.size() / 2;
        for (List<String> part : List.of(experiences.subList(0, half), experiences.subList(half, experiences.size()))) {
            JsonPath report = importBody(importedKey, HEADER.replace("}", ",\"embeddingModel\":\"all-minilm-l6-v2-q\"}")
                    + "\n" + String.join("\n", part) + "\n", "application/x-ndjson", false).jsonPath();
            assertThat(report.getLong("created.experience")).as(report.prettify()).isEqualTo(part.size());
        }

        assertThat(patterns(imported)).isEqualTo(expected);
        assertThat(as(importedKey).get("/v1/experiences/patterns").then().statusCode(200).extract().jsonPath()
                .getList("")).isEqualTo(as(recordedKey).get("/v1/experiences/patterns").then().statusCode(200)
                .extract().jsonPath().getList(""));
    }

    /** Records {@code n} experiences of one subject and issue type, one minute apart. */
    private static void record(String key, String subject, String issueType, int n,
                               java.util.function.IntPredicate success,
                               java.util.function.IntFunction<String> action) {
        for (int i = 0; i < n; i++) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("subject", subject, "issueType", issueType,
                    "description", issueType + " of " + subject + ", attempt " + i, "success", success.test(i),
                    "occurredAt", "2026-03-01T10:" + String.format("%02d", i) + ":00Z"));
            if (action.apply(i) != null) {
                body.put("actions", List.of(action.apply(i)));
            }
            as(key).body(body).post("/v1/experiences").then().statusCode(201);
        }
    }

    /** The experience lines of an export, each under a new id (ids are global: the source keeps its own). */
    private static List<String> experienceLines(String ndjson) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            JsonNode node = JSON.readTree(line);
            if (node.path("kind").asText().equals("experience")) {
                ((ObjectNode) node.get("data")).put("id", UUID.randomUUID().toString());
                lines.add(JSON.writeValueAsString(node));
            }
        }
        return lines;
    }

    /** The tenant's issue_pattern rows, every column but the tenant, by signature. */
    private List<Map<String, Object>> patterns(String tenant) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select " + PATTERN_COLUMNS
                + " from issue_pattern where tenant_id = ? order by signature")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String column : PATTERN_COLUMNS.split(", ")) {
                        Object value = rs.getObject(column);
                        row.put(column, value instanceof java.sql.Array a ? List.of((Object[]) a.getArray()) : value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
