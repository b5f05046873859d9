package dev.engram.transfer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** One JSON document, written as it goes: {@code {"header":{…},"memory_type":[…],…,"counts":{…}}}. */
final class JsonExportWriter implements ExportWriter {

    private final ObjectMapper json;
    private final JsonGenerator out;

    JsonExportWriter(ObjectMapper json, OutputStream stream) throws IOException {
        this.json = json;
        this.out = json.getFactory().createGenerator(stream);
        this.out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public void header(ObjectNode header) throws IOException {
        out.writeStartObject();
        out.writeFieldName("header");
        json.writeTree(out, header);
    }

    @Override
    public void startKind(Kind kind) throws IOException {
        out.writeArrayFieldStart(kind.code());
    }

    @Override
    public void record(Kind kind, ObjectNode data) throws IOException {
        json.writeTree(out, data);
    }

    @Override
    public void endKind(Kind kind) throws IOException {
        out.writeEndArray();
    }

    @Override
    public void footer(Map<String, Long> counts) throws IOException {
        out.writeFieldName("counts");
        json.writeTree(out, json.valueToTree(counts));
        out.writeEndObject();
        out.close();
    }
}
