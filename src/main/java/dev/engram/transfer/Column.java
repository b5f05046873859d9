package dev.engram.transfer;

/**
 * One field of an exported record: its JSON name (the API's), its column, its type, and what an import uses when the
 * field is absent ({@code defaultJson}, a JSON literal; {@code null} means the field is required when
 * {@code required}, else SQL null).
 *
 * @param expression for {@link ColumnType#DERIVED_JSON} and {@link #joined} columns: the SQL expression that reads it
 */
record Column(String field, String column, ColumnType type, boolean required, String defaultJson, String expression) {

    static Column of(String field, String column, ColumnType type) {
        return new Column(field, column, type, false, null, null);
    }

    static Column required(String field, String column, ColumnType type) {
        return new Column(field, column, type, true, null, null);
    }

    static Column withDefault(String field, String column, ColumnType type, String defaultJson) {
        return new Column(field, column, type, false, defaultJson, null);
    }

    /**
     * A column of a side table keyed by the record's id (memory_access): exported through {@code expression},
     * imported by its kind's own code after the record itself.
     */
    static Column joined(String field, String column, ColumnType type, String defaultJson, String expression) {
        return new Column(field, column, type, false, defaultJson, expression);
    }

    /** Whether the column lives in a side table rather than the kind's own ({@link #joined}). */
    boolean isJoined() {
        return column != null && expression != null;
    }

    static Column derived(String field, String expression) {
        return new Column(field, null, ColumnType.DERIVED_JSON, false, null, expression);
    }

    /** The SELECT expression of the export query. */
    String selectExpression() {
        if (isJoined()) {
            return "(" + expression + ")";
        }
        return switch (type) {
            case VECTOR -> column + "::text";
            case JSON_OBJECT, JSON_ARRAY -> column + "::text";
            case DERIVED_JSON -> "(" + expression + ")::text";
            default -> column;
        };
    }
}
