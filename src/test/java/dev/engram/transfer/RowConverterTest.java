package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.memorytype.api.RetentionPeriod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The import's record checks, without a database. */
class RowConverterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final String TIMES = "'occurredAt':'2026-01-01T10:00:00.123456+02:00','createdAt':'2026-01-01T08:00:00Z',"
            + "'updatedAt':'2026-01-01T08:00:00Z'";

    @Test
    void shouldMapFieldsToColumnsFillDefaultsAndDeriveTheContentHash() throws Exception {
        RowConverter.Row row = RowConverter.convert(Kind.MEMORY, json("{'id':'0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10',"
                + "'type':'semantic','content':' Tea  ','keywords':['a'],'memoryCount':3,'embedding':[0.5,-1]," + TIMES + "}"));
        assertThat(row.key()).isEqualTo("0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10");
        assertThat(row.columns().get("type_code").asText()).isEqualTo("semantic");
        assertThat(row.columns().get("occurred_at").asText()).as("normalised to UTC").isEqualTo("2026-01-01T08:00:00.123456Z");
        assertThat(row.columns().get("importance").asDouble()).isEqualTo(0.5);
        assertThat(row.columns().get("metadata").isObject()).isTrue();
        assertThat(row.columns().get("entities").isArray()).isTrue();
        assertThat(row.columns().get("content_hash").asText()).as("sha-256 of the stripped content")
                .isEqualTo(dev.engram.memory.MemoryWriteService.contentHash("Tea"))
                .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest("Tea".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(row.columns().has("memoryCount")).as("unknown fields are ignored").isFalse();
        assertThat(row.columns().has("embedding")).as("the vector is decided later").isFalse();
        assertThat(row.embedding()).containsExactly(0.5f, -1f);
    }

    @Test
    void shouldRejectMissingAndMistypedFields() {
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY, json("{'id':'0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10',"
                + "'type':'semantic'," + TIMES + "}"))).hasMessage("missing field content");
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY, json("{'id':'x','type':'semantic','content':'c',"
                + TIMES + "}"))).hasMessage("id must be a UUID");
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY, json("{'id':'0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10',"
                + "'type':'semantic','content':'c','occurredAt':'yesterday','createdAt':'2026-01-01T08:00:00Z',"
                + "'updatedAt':'2026-01-01T08:00:00Z'}"))).hasMessageStartingWith("occurredAt must be an ISO-8601 timestamp");
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY, json("{'id':'0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10',"
                + "'type':'semantic','content':'c','keywords':[1]," + TIMES + "}"))).hasMessage("keywords must be an array of strings");
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY, json("{'id':'0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10',"
                + "'type':'semantic','content':'c','metadata':[]," + TIMES + "}"))).hasMessage("metadata must be a JSON object");
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY, json("{'id':'0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10',"
                + "'type':'semantic','content':'c','accessCount':1.5," + TIMES + "}"))).hasMessage("accessCount must be a whole number");
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY, json("{'id':'0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10',"
                + "'type':'semantic','content':'c','embedding':['a']," + TIMES + "}"))).hasMessage("embedding must be an array of numbers");
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY, json("[1]"))).hasMessage("data must be a JSON object");
    }

    @Test
    void shouldConvertRetentionPeriodsAndKnowledgeVersions() throws Exception {
        RowConverter.Row type = RowConverter.convert(Kind.MEMORY_TYPE, json("{'code':'note','name':'Note',"
                + "'retentionPeriod':'P30D','createdAt':'2026-01-01T08:00:00Z','updatedAt':'2026-01-01T08:00:00Z'}"));
        assertThat(type.key()).isEqualTo("note");
        assertThat(type.columns().get("retention_seconds").asLong()).isEqualTo(30L * 86_400);
        assertThat(RetentionPeriod.format(30L * 86_400)).isEqualTo("P30D");
        assertThat(RetentionPeriod.format(43_200)).isEqualTo("PT12H");
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY_TYPE, json("{'code':'note','name':'Note',"
                + "'retentionPeriod':'PT0S','createdAt':'2026-01-01T08:00:00Z','updatedAt':'2026-01-01T08:00:00Z'}")))
                .hasMessageStartingWith("retentionPeriod must be a positive ISO-8601 duration");
        assertThatThrownBy(() -> RowConverter.convert(Kind.MEMORY_TYPE, json("{'code':'note','name':'Note',"
                + "'retentionPeriod':'PT1.9S','createdAt':'2026-01-01T08:00:00Z','updatedAt':'2026-01-01T08:00:00Z'}")))
                .as("not cut to 1 s").hasMessageContaining("whole seconds");

        RowConverter.Row entry = RowConverter.convert(Kind.KNOWLEDGE, json("{'id':'0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10',"
                + "'name':'n','knowledgeType':'fact','createdAt':'2026-01-01T08:00:00Z','updatedAt':'2026-01-01T08:00:00Z',"
                + "'versions':[{'id':'1b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10','version':1,'createdAt':'2026-01-01T08:00:00.000000Z',"
                + "'entry':{'name':'n'}}]}"));
        assertThat(entry.history()).hasSize(1);
        assertThat(entry.history().get(0).get("snapshot").get("name").asText()).isEqualTo("n");
        assertThat(entry.history().get(0).get("created_at").asText()).isEqualTo("2026-01-01T08:00:00Z");
        assertThat(entry.columns().has("versions")).isFalse();
        assertThatThrownBy(() -> RowConverter.convert(Kind.KNOWLEDGE, json("{'id':'0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10',"
                + "'name':'n','knowledgeType':'fact','createdAt':'2026-01-01T08:00:00Z','updatedAt':'2026-01-01T08:00:00Z',"
                + "'versions':[{'version':1}]}"))).hasMessageStartingWith("versions must hold objects");
    }
}
