package dev.engram.transfer.api;

/**
 * A record an import did not write.
 *
 * @param line   where the record starts in the body (1-based; NDJSON: its line)
 * @param kind   the record's kind as written, null when the line could not be read
 * @param id     the record's id (a memory type's code), null when unknown
 * @param reason why, e.g. {@code id-conflict}, {@code unknown-context}, {@code missing field content}
 */
public record ImportRejection(long line, String kind, String id, String reason) {
}
