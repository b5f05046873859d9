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
