package dev.engram.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for terminals: a header row, columns aligned with two spaces between them, numbers aligned
 * right, long cells cut to the column's maximum width with an ellipsis, line breaks and tabs shown as spaces, no
 * trailing spaces. Pure: {@link #render()} returns the text.
 */
final class Table {

    /** Cells longer than this are cut, unless the column says otherwise. */
    static final int DEFAULT_MAX_WIDTH = 60;
    private static final String GAP = "  ";

    private final String[] headers;
    private final int[] maxWidths;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();
    private boolean unlimited;

    private Table(String... headers) {
        this.headers = headers;
        this.maxWidths = new int[headers.length];
        Arrays.fill(maxWidths, DEFAULT_MAX_WIDTH);
        this.right = new boolean[headers.length];
    }

    static Table of(String... headers) {
        return new Table(headers);
    }

    /** Cuts the column's cells to at most {@code width} characters ({@code Integer.MAX_VALUE}: never). */
    Table maxWidth(int column, int width) {
        if (width < 2) {
            throw new IllegalArgumentException("width must be at least 2");
        }
        maxWidths[column] = width;
        return this;
    }

    /** Aligns the columns right (numbers). */
    Table right(int... columns) {
        for (int c : columns) {
            right[c] = true;
        }
        return this;
    }

    /** Removes every width limit (the {@code --wide} option). */
    Table unlimited(boolean unlimited) {
        this.unlimited = unlimited;
        return this;
    }

    Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = clean(cells[i] == null ? "-" : cells[i].toString());
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    int size() {
        return rows.size();
    }

    String render() {
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            int max = unlimited ? Integer.MAX_VALUE : maxWidths[c];
            widths[c] = Math.min(Math.max(headers[c].length(), 1), max);
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], Math.min(row[c].length(), max));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, widths);
        for (String[] row : rows) {
            line(sb, row, widths);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String cell = cut(cells[c], widths[c]);
            String pad = " ".repeat(widths[c] - cell.length());
            if (c > 0) {
                line.append(GAP);
            }
            line.append(right[c] ? pad + cell : cell + pad);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    /** The text cut to {@code width} characters, the last one an ellipsis when something was cut. */
    static String cut(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        int end = width - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static String clean(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            sb.append(ch == '\n' || ch == '\r' || ch == '\t' ? ' ' : Character.isISOControl(ch) ? '?' : ch);
        }
        return sb.toString().strip();
    }
}
