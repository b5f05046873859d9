package dev.engram.transfer;

/**
 * One field of an exported record: its JSON name (the API's), its column, its type, and what an import uses when the
 * field is absent ({@code defaultJson}, a JSON literal; {@code null} means the field is required when
 * {@code required}, else SQL null).
 *
 * @param expression for {@link ColumnType#DERIVED_JSON}: the SQL expression that computes it
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

    static Column derived(String field, String expression) {
        return new Column(field, null, ColumnType.DERIVED_JSON, false, null, expression);
    }

    /** The SELECT expression of the export query. */
    String selectExpression() {
        return switch (type) {
            case VECTOR -> column + "::text";
            case JSON_OBJECT, JSON_ARRAY -> column + "::text";
            case DERIVED_JSON -> "(" + expression + ")::text";
            default -> column;
        };
    }
}
