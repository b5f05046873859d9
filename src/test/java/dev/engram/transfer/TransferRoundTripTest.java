package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.transfer.TransferFixture.JSON;
import static dev.engram.transfer.TransferFixture.KINDS;
import static dev.engram.transfer.TransferFixture.apiView;
import static dev.engram.transfer.TransferFixture.as;
import static dev.engram.transfer.TransferFixture.assertSameRecords;
import static dev.engram.transfer.TransferFixture.assertSameView;
import static dev.engram.transfer.TransferFixture.cosine;
import static dev.engram.transfer.TransferFixture.export;
import static dev.engram.transfer.TransferFixture.importBody;
import static dev.engram.transfer.TransferFixture.key;
import static dev.engram.transfer.TransferFixture.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Export → import round trips with every kind of record: into a fresh tenant after the source lost its rows, again
 * (everything skipped), into another tenant while the ids are taken (id-conflict), and without vectors (re-embedded).
 * The fresh tenant's own export and API answers are compared field by field with the source's.
 */
@QuarkusTest
class TransferRoundTripTest {

    @Inject
    TransferFixture fixture;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void ndjsonAndJsonRoundTripsShouldReproduceEveryRecordAndReimportShouldChangeNothing() throws Exception {
        String tenantA = "xfer-a-" + run;
        String keyA = key(tenantA);
        Map<String, String> ids = fixture.fill(keyA);
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
        JsonNode allergy = source.get("memory").stream().filter(m -> m.path("id").asText().equals(ids.get("memory2")))
                .findFirst().orElseThrow();
        assertThat(allergy.path("revisions")).as("the memory as it was before its PATCH").hasSize(1);
        assertThat(allergy.path("revisions").get(0).path("memory").path("importance").asDouble()).isEqualTo(0.5);
        assertThat(allergy.path("revisions").get(0).path("replacedAt").isTextual()).isTrue();
        assertThat(seat.path("revisions")).as("never PATCHed").isEmpty();
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
        fixture.deleteData(tenantA);
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

        // the JSON document into yet another fresh tenant, with the same ids once B's are gone: the accesses apiView
        // just counted for B are flushed a second later and must not land on D's copies (AccessTracker matches the
        // tenant)
        fixture.deleteData(tenantB);
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
        Map<String, String> ids = fixture.fill(key);
        String withoutVectors = export(key, "ndjson", false);
        assertThat(withoutVectors).doesNotContain("\"embedding\"");
        Map<String, List<JsonNode>> source = records(withoutVectors, tenant);
        String withVectors = export(key, "ndjson", true);
        fixture.deleteData(tenant);

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
}
