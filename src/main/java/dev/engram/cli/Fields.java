package dev.engram.cli;

import java.util.ArrayList;
import java.util.List;

/** Label/value lines with the values aligned, for one-object answers (stats, runs, import reports). Pure. */
final class Fields {

    private final List<String[]> lines = new ArrayList<>();

    Fields add(String label, Object value) {
        lines.add(new String[] {label, value == null ? "-" : value.toString()});
        return this;
    }

    String render() {
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            sb.append(l[0]).append(':').append(" ".repeat(width - l[0].length() + 2)).append(l[1]).append('\n');
        }
        return sb.toString();
    }
}
