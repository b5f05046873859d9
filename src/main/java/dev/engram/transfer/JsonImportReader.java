package dev.engram.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.InputStream;

/**
 * A JSON export ({@code {"header":{…},"memory_type":[…],…,"counts":{…}}}) read with a streaming parser: one array
 * element at a time. The header must be the first member. Malformed JSON ends the reading (a JSON document cannot be
 * resumed after an error); what was read before it stays imported.
 */
final class JsonImportReader implements ImportReader {

    private final ObjectReader json;
    private final JsonParser parser;
    private String arrayKind;
    private boolean done;

    JsonImportReader(ObjectMapper json, InputStream body) throws IOException {
        // one record at a time from the document: what follows a record is the rest of the document, not trailing
        // content (the service's mapper fails on content after a value: JsonTextGuard)
        this.json = json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.parser = json.getFactory().createParser(body);
    }

    @Override
    public JsonNode header() throws IOException {
        JsonNode header = null;
        try {
            if (parser.nextToken() == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.FIELD_NAME
                    && "header".equals(parser.currentName())) {
                parser.nextToken();
                header = json.readTree(parser);
            }
        } catch (JsonProcessingException e) {
            header = null;
        }
        return ImportReader.checkHeader(header, "the document's first member \"header\"");
    }

    @Override
    public Item next() throws IOException {
        if (done) {
            return null;
        }
        try {
            return read();
        } catch (JsonProcessingException e) {
            done = true;
            long at = e.getLocation() == null ? parser.currentLocation().getLineNr() : e.getLocation().getLineNr();
            long column = e.getLocation() == null ? parser.currentLocation().getColumnNr() : e.getLocation().getColumnNr();
            // Jackson's message names its classes and features: a fixed text, with the place
            String what = e instanceof dev.engram.platform.FiniteNumbers.OutOfRangeException o
                    ? "validation-failed: " + o.field() + " is a number a double cannot hold"
                    : "malformed-json: the document is not valid JSON at line " + at + (column < 1 ? "" : ", column " + column);
            return new Item(at, arrayKind, null, what + "; the rest of the document was not read");
        }
    }

    private Item read() throws IOException {
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                done = true;
                return null;
            }
            if (arrayKind != null) {
                if (token == JsonToken.END_ARRAY) {
                    arrayKind = null;
                    continue;
                }
                long line = parser.currentTokenLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    return new Item(line, arrayKind, null, "data must be a JSON object");
                }
                return new Item(line, arrayKind, json.readTree(parser), null);
            }
            if (token == JsonToken.END_OBJECT) {
                done = true;
                return null;
            }
            if (token != JsonToken.FIELD_NAME) {
                continue;
            }
            String name = parser.currentName();
            long line = parser.currentTokenLocation().getLineNr();
            JsonToken value = parser.nextToken();
            if (name.equals("counts")) {
                parser.skipChildren();
            } else if (value == JsonToken.START_ARRAY) {
                arrayKind = name;
            } else {
                parser.skipChildren();
                return new Item(line, name, null, "\"" + name + "\" must be an array of records");
            }
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
