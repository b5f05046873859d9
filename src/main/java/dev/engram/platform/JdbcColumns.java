package dev.engram.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Array;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Values of {@code text[]} and {@code jsonb} columns, for the repositories that use plain JDBC instead of Hibernate. */
public final class JdbcColumns {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private JdbcColumns() {
    }

    /**
     * An instant as a {@code timestamptz} parameter: an {@link java.time.OffsetDateTime} in UTC, which pgjdbc writes
     * in the proleptic Gregorian calendar like PostgreSQL. {@code java.sql.Timestamp} is Julian before 1582-10-15, and
     * shifted such times by days on the way in and out. Null stays null.
     */
    public static java.time.OffsetDateTime timestamptz(java.time.Instant instant) {
        return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
    }

    /** Binds an instant (or null) to a {@code timestamptz} parameter; see {@link #timestamptz}. */
    public static void setInstant(java.sql.PreparedStatement ps, int index, java.time.Instant instant) throws SQLException {
        ps.setObject(index, timestamptz(instant), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    }

    /** A {@code timestamptz} column as an instant (null for NULL); see {@link #timestamptz}. */
    public static java.time.Instant instant(java.sql.ResultSet rs, int column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The elements of a {@code text[]} value; empty for NULL. */
    public static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    /** A map as JSON text, for a {@code cast(? as jsonb)} parameter. */
    public static String json(ObjectMapper json, Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A stored JSON object as a map in its keys' order; empty for NULL. */
    public static Map<String, Object> map(ObjectMapper json, String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored value is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
