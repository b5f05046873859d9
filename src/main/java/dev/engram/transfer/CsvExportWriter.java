package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Memories as CSV (RFC 4180 quoting by Jackson's CSV generator): a header row with the memory fields, then one row per
 * memory. Lists and objects (keywords, metadata, the embedding) are cells holding their JSON text; null is empty.
 */
final class CsvExportWriter implements ExportWriter {

    private final ObjectMapper json;
    private final CsvGenerator out;
    private final List<String> fields;

    CsvExportWriter(ObjectMapper json, OutputStream stream, boolean embeddings) throws IOException {
        this.json = json;
        // one row per memory: its revisions (a JSON array of earlier versions) are in the NDJSON and JSON exports only
        this.fields = Kind.MEMORY.columns().stream().filter(c -> c.type() != ColumnType.DERIVED_JSON)
                .map(Column::field).filter(f -> embeddings || !f.equals("embedding")).toList();
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(false).setLineSeparator("\r\n");
        fields.forEach(schema::addColumn);
        this.out = new CsvFactory().createGenerator(stream);
        this.out.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.out.setSchema(schema.build());
    }

    @Override
    public boolean accepts(Kind kind) {
        return kind == Kind.MEMORY;
    }

    @Override
    public void header(ObjectNode header) throws IOException {
        // CSV has no room for the header record: the first row names the columns (also when there are no memories)
        out.writeStartArray();
        for (String field : fields) {
            out.writeString(field);
        }
        out.writeEndArray();
    }

    @Override
    public void record(Kind kind, ObjectNode data) throws IOException {
        out.writeStartArray();
        for (String field : fields) {
            JsonNode value = data.get(field);
            if (value == null || value.isNull()) {
                out.writeNull();
            } else if (value.isPojo() && ((com.fasterxml.jackson.databind.node.POJONode) value).getPojo() instanceof RawValue raw) {
                out.writeString(raw.rawValue().toString());
            } else if (value.isContainerNode()) {
                out.writeString(json.writeValueAsString(value));
            } else {
                out.writeString(value.asText());
            }
        }
        out.writeEndArray();
    }

    @Override
    public void footer(Map<String, Long> counts) throws IOException {
        out.close();
    }
}
