package dev.engram.transfer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** One JSON object per line: the header, {@code {"kind":…,"data":{…}}} per record, the footer with the counts. */
final class NdjsonExportWriter implements ExportWriter {

    private final ObjectMapper json;
    private final JsonGenerator out;

    NdjsonExportWriter(ObjectMapper json, OutputStream stream) throws IOException {
        this.json = json;
        this.out = json.getFactory().createGenerator(stream);
        this.out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // Jackson writes a space between root values by default, so every line after the first began with one;
        // the lines are separated by newline() alone
        this.out.setPrettyPrinter(new MinimalPrettyPrinter(""));
    }

    @Override
    public void header(ObjectNode header) throws IOException {
        ObjectNode line = json.createObjectNode().put("kind", "header");
        line.setAll(header);
        line(line);
    }

    @Override
    public void record(Kind kind, ObjectNode data) throws IOException {
        out.writeStartObject();
        out.writeStringField("kind", kind.code());
        out.writeFieldName("data");
        json.writeTree(out, data);
        out.writeEndObject();
        newLine();
    }

    @Override
    public void footer(Map<String, Long> counts) throws IOException {
        ObjectNode line = json.createObjectNode().put("kind", "footer");
        line.set("counts", json.valueToTree(counts));
        line(line);
        out.close();
    }

    private void line(ObjectNode node) throws IOException {
        json.writeTree(out, node);
        newLine();
    }

    private void newLine() throws IOException {
        out.writeRaw('\n');
    }
}
