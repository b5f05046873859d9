package dev.engram.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.platform.JsonTextGuard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** NDJSON: the header line first, then one {@code {"kind":…,"data":{…}}} per line; blank lines and the footer are skipped. */
final class NdjsonImportReader implements ImportReader {

    private final ObjectMapper json;
    private final BufferedReader in;
    private long line;

    /** Jackson without the service's guards: only to name a rejected line's kind and id. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    NdjsonImportReader(ObjectMapper json, InputStream body) {
        this.json = json;
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024);
    }

    @Override
    public JsonNode header() throws IOException {
        String text = nextLine();
        JsonNode header = null;
        try {
            header = text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            // reported as a missing header below
        }
        if (header != null && !"header".equals(header.path("kind").asText())) {
            header = null;
        }
        return ImportReader.checkHeader(header, "line " + Math.max(1, line));
    }

    @Override
    public Item next() throws IOException {
        String text;
        while ((text = nextLine()) != null) {
            JsonNode node;
            try {
                JsonTextGuard.checkText(text); // a line is read from a string, which the body's text guard never sees
                node = json.readTree(text);
            } catch (JsonTextGuard.InvalidTextException e) {
                return rejected(text, "invalid-text: " + e.getOriginalMessage());
            } catch (dev.engram.platform.FiniteNumbers.OutOfRangeException e) {
                return rejected(text, "validation-failed: " + e.field() + " is a number a double cannot hold");
            } catch (JsonProcessingException e) {
                // Jackson's message names its classes and features: a fixed text, with the column
                return new Item(line, null, null, "malformed-json: the line is not valid JSON"
                        + (e.getLocation() == null || e.getLocation().getColumnNr() < 1 ? ""
                        : " (column " + e.getLocation().getColumnNr() + ")"));
            }
            if (node == null || !node.isObject() || !node.path("kind").isTextual()) {
                return new Item(line, null, null, "a line must be a JSON object with kind and data");
            }
            String kind = node.get("kind").asText();
            if (kind.equals("footer")) {
                continue;
            }
            if (kind.equals("header")) {
                return new Item(line, kind, null, "a second header");
            }
            return new Item(line, kind, node.get("data"), null);
        }
        return null;
    }

    /**
     * A line that is JSON but holds what no record may (a NUL, a number beyond a double): rejected with its kind and
     * data as far as a plain reading sees them, so that the report names the record's kind and id.
     */
    private Item rejected(String text, String reason) {
        try {
            JsonNode node = PLAIN.readTree(text);
            if (node != null && node.path("kind").isTextual()) {
                return new Item(line, node.get("kind").asText(), node.get("data"), reason);
            }
        } catch (JsonProcessingException e) {
            // not even plain JSON: no kind to name
        }
        return new Item(line, null, null, reason);
    }

    private String nextLine() throws IOException {
        String text;
        do {
            text = in.readLine();
            line++;
        } while (text != null && text.isBlank());
        return text;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
