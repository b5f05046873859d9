package dev.engram.transfer;

/** How a column travels in an export: the JSON shape of its value and how it is read and written. */
enum ColumnType {
    UUID, TEXT, TIMESTAMP,
    /** float4: printed as the decimal the client sent (0.7, not 0.699999988079071), like the API. */
    REAL,
    DOUBLE, INT, BIGINT, BOOL,
    /** jsonb holding a JSON object. */
    JSON_OBJECT,
    /** jsonb holding a JSON array. */
    JSON_ARRAY,
    /** text[] as an array of strings. */
    TEXT_ARRAY,
    /** pgvector as an array of numbers; exported only on request, re-embedded on import when unusable. */
    VECTOR,
    /** A number of seconds (bigint) as an ISO-8601 duration such as P30D, like the memory-type API. */
    DURATION_SECONDS,
    /** Read-only: JSON computed by the export query (knowledge versions); imported by its kind's own code. */
    DERIVED_JSON
}
