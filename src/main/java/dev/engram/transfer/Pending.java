package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.List;
import java.util.Objects;

/** A converted record of an import waiting in a batch, and the line where it was. */
record Pending(long line, RowConverter.Row row) {

    String key() {
        return row.key();
    }

    /** The column's value as text, null when absent or JSON null. */
    String text(String column) {
        JsonNode v = row.columns().get(column);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The distinct non-null values of a column over the records. */
    static List<String> values(List<Pending> items, String column) {
        return items.stream().map(p -> p.text(column)).filter(Objects::nonNull).distinct().toList();
    }

    /** The rows of the records as the JSON array that {@code jsonb_populate_recordset} reads. */
    static ArrayNode rows(List<Pending> items) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        items.forEach(p -> rows.add(p.row().columns()));
        return rows;
    }
}
