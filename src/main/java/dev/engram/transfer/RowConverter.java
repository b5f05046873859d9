package dev.engram.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memorytype.api.RetentionPeriod;
import dev.engram.platform.InstantRange;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the {@code data} of an imported record into a row of its table (pure): every field checked against its
 * column's type, absent fields replaced by the column's default, unknown fields ignored (so API responses with derived
 * fields such as a context's memoryCount import as well). The vector is kept apart: the import decides whether it can
 * be used or must be recomputed.
 */
final class RowConverter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> DEFAULTS = new ConcurrentHashMap<>();

    /** A record that cannot be imported; {@code reason} is safe to show to the caller. */
    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * One converted record.
     *
     * @param key       the id (or a memory type's code)
     * @param columns   column name → value, as {@code jsonb_populate_recordset} reads it (no tenant, no vector)
     * @param embedding the vector given with the record, or null
     * @param history   the record's earlier versions as rows of its {@link Kind#history()} table (without the
     *                  record's id), or null
     */
    record Row(String key, ObjectNode columns, float[] embedding, ArrayNode history) {
    }

    private RowConverter() {
    }

    static Row convert(Kind kind, JsonNode data) throws Invalid {
        if (data == null || !data.isObject()) {
            throw new Invalid("data must be a JSON object");
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        float[] embedding = null;
        ArrayNode history = null;
        for (Column col : kind.columns()) {
            JsonNode value = data.get(col.field());
            boolean absent = value == null || value.isNull();
            if (col.type() == ColumnType.DERIVED_JSON) {
                history = absent ? null : history(kind.history(), value);
                continue;
            }
            if (col.type() == ColumnType.VECTOR) {
                embedding = absent ? null : vector(value);
                continue;
            }
            if (absent && kind == Kind.MEMORY && col.field().equals("contentHash") && data.path("content").isTextual()) {
                row.put(col.column(), MemoryWriteService.contentHash(data.get("content").asText()));
                continue;
            }
            if (absent) {
                if (col.defaultJson() != null) {
                    row.set(col.column(), DEFAULTS.computeIfAbsent(col.defaultJson(), RowConverter::parse));
                } else if (col.required()) {
                    throw new Invalid("missing field " + col.field());
                } else {
                    row.putNull(col.column());
                }
                continue;
            }
            row.set(col.column(), value(col, value));
        }
        return new Row(row.path(kind == Kind.MEMORY_TYPE ? "code" : "id").asText(), row, embedding, history);
    }

    private static JsonNode value(Column col, JsonNode v) throws Invalid {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String field = col.field();
        switch (col.type()) {
            case UUID -> {
                try {
                    return f.textNode(java.util.UUID.fromString(text(field, v)).toString());
                } catch (IllegalArgumentException e) {
                    throw new Invalid(field + " must be a UUID");
                }
            }
            case TEXT -> {
                return f.textNode(text(field, v));
            }
            case TIMESTAMP -> {
                return f.textNode(instant(field, v).toString());
            }
            case REAL, DOUBLE -> {
                if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                    throw new Invalid(field + " must be a number");
                }
                return v;
            }
            case INT -> {
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    throw new Invalid(field + " must be a whole number");
                }
                return v;
            }
            case BIGINT -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw new Invalid(field + " must be a whole number");
                }
                return v;
            }
            case BOOL -> {
                if (!v.isBoolean()) {
                    throw new Invalid(field + " must be true or false");
                }
                return v;
            }
            case JSON_OBJECT -> {
                if (!v.isObject()) {
                    throw new Invalid(field + " must be a JSON object");
                }
                return v;
            }
            case JSON_ARRAY -> {
                if (!v.isArray()) {
                    throw new Invalid(field + " must be a JSON array");
                }
                return v;
            }
            case TEXT_ARRAY -> {
                if (!v.isArray()) {
                    throw new Invalid(field + " must be an array of strings");
                }
                for (JsonNode item : v) {
                    if (!item.isTextual()) {
                        throw new Invalid(field + " must be an array of strings");
                    }
                }
                return v;
            }
            case DURATION_SECONDS -> {
                try {
                    return f.numberNode(RetentionPeriod.seconds(text(field, v)));
                } catch (IllegalArgumentException e) {
                    throw new Invalid(field + " " + e.getMessage());
                }
            }
            default -> throw new IllegalStateException(col.type().name());
        }
    }

    private static String text(String field, JsonNode v) throws Invalid {
        if (!v.isTextual()) {
            throw new Invalid(field + " must be a string");
        }
        return v.asText();
    }

    private static Instant instant(String field, JsonNode v) throws Invalid {
        String s = text(field, v);
        Instant instant;
        try {
            instant = OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new Invalid(field + " must be an ISO-8601 timestamp such as 2026-01-31T10:15:30Z");
        }
        if (!InstantRange.contains(instant)) { // beyond PostgreSQL's timestamptz, as the API's bodies (22008)
            throw new Invalid(field + " " + InstantRange.MESSAGE);
        }
        return instant;
    }

    private static float[] vector(JsonNode v) throws Invalid {
        if (!v.isArray() || v.isEmpty()) {
            throw new Invalid("embedding must be an array of numbers");
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = v.get(i);
            if (!x.isNumber() || !Float.isFinite(x.floatValue())) {
                throw new Invalid("embedding must be an array of numbers");
            }
            out[i] = x.floatValue();
        }
        return out;
    }

    /**
     * Earlier versions as exported ({id, version, time, snapshot}: knowledge versions {@code createdAt} and
     * {@code entry}, memory revisions {@code replacedAt} and {@code memory}) → rows of the history table without the
     * record's id.
     */
    private static ArrayNode history(History h, JsonNode v) throws Invalid {
        String f = h.field();
        if (!v.isArray()) {
            throw new Invalid(f + " must be an array");
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        Set<Long> numbers = new HashSet<>();
        for (JsonNode version : v) {
            if (!version.isObject() || !version.path(h.snapshotField()).isObject()
                    || !version.path("version").canConvertToLong() || !version.path("version").isIntegralNumber()) {
                throw new Invalid(f + " must hold objects with id, version, " + h.timeField() + " and "
                        + h.snapshotField());
            }
            if (!numbers.add(version.get("version").asLong())) {
                throw new Invalid(f + "[].version " + version.get("version").asLong() + " appears twice");
            }
            ObjectNode row = out.addObject();
            row.set("id", value(Column.required(f + "[].id", "id", ColumnType.UUID), version.path("id")));
            row.put("version", version.get("version").asLong());
            row.put(h.timeColumn(), instant(f + "[]." + h.timeField(), version.path(h.timeField())).toString());
            row.set("snapshot", version.get(h.snapshotField()));
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
