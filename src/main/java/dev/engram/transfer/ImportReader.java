package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.platform.Violation;

import java.io.Closeable;
import java.io.IOException;

/** Reads an import body record by record (never the whole body): NDJSON lines or the arrays of a JSON document. */
interface ImportReader extends Closeable {

    /**
     * One record, or a part of the body that could not be read as one.
     *
     * @param line  where it starts (1-based)
     * @param kind  the record's kind as written (may be unknown), null when unreadable
     * @param data  the record's data, null when unreadable
     * @param error why it could not be read, or null
     */
    record Item(long line, String kind, JsonNode data, String error) {
    }

    /** The header; a body without a valid one is refused before anything is written. */
    JsonNode header() throws IOException;

    /** The next record, or null at the end. */
    Item next() throws IOException;

    /** Checks the header's format and version; a 400 problem otherwise. */
    static JsonNode checkHeader(JsonNode header, String where) {
        if (header == null || !header.isObject()) {
            throw invalidHeader(where + " must be the export header, e.g. {\"kind\":\"header\",\"format\":\""
                    + ExportService.FORMAT + "\",\"version\":" + ExportService.VERSION + ",…}");
        }
        if (!ExportService.FORMAT.equals(header.path("format").asText())) {
            throw invalidHeader("header.format must be \"" + ExportService.FORMAT + "\"");
        }
        if (header.path("version").asInt(-1) != ExportService.VERSION) {
            throw invalidHeader("header.version " + header.path("version") + " is not supported; this server reads "
                    + "version " + ExportService.VERSION);
        }
        return header;
    }

    private static ProblemException invalidHeader(String message) {
        return ProblemException.withViolation(ProblemType.VALIDATION_FAILED, message,
                new Violation("header", "body", message));
    }
}
