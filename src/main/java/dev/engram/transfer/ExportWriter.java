package dev.engram.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;

/** Writes one export, record by record, to the response stream; never holds more than one record. */
interface ExportWriter {

    /** The kinds this format carries (CSV: memories only). */
    default boolean accepts(Kind kind) {
        return true;
    }

    void header(ObjectNode header) throws IOException;

    /** Called before the first record of each kind, in export order, also for kinds without records. */
    default void startKind(Kind kind) throws IOException {
    }

    void record(Kind kind, ObjectNode data) throws IOException;

    default void endKind(Kind kind) throws IOException {
    }

    void footer(Map<String, Long> counts) throws IOException;
}
