package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Formatting of values for the human output (tables and summaries). Pure. */
final class Fmt {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Fmt() {
    }

    /** {@code 0.8125} → {@code 0.81}; null or missing → {@code -}. */
    static String decimal(JsonNode n) {
        return missing(n) ? "-" : String.format(Locale.ROOT, "%.2f", n.asDouble());
    }

    /** A ratio as a percentage: {@code 0.75} → {@code 75.0%}. */
    static String percent(JsonNode n) {
        return missing(n) ? "-" : String.format(Locale.ROOT, "%.1f%%", n.asDouble() * 100);
    }

    /** An integer with thousands separators: {@code 12345} → {@code 12,345}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String count(JsonNode n) {
        return missing(n) ? "-" : count(n.asLong());
    }

    /** A byte size in binary units: {@code 1536} → {@code 1.5 KiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** An ISO instant as {@code yyyy-MM-dd HH:mm} (UTC); anything unparsable as it is. */
    static String instant(JsonNode n) {
        if (missing(n)) {
            return "-";
        }
        try {
            return MINUTES.format(Instant.parse(n.asText()));
        } catch (DateTimeParseException e) {
            return n.asText();
        }
    }

    /** A duration in milliseconds: {@code 950} → {@code 950 ms}, {@code 12500} → {@code 12.5 s}. */
    static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String yesNo(JsonNode n) {
        return missing(n) ? "-" : n.asBoolean() ? "yes" : "no";
    }

    /** Text of a node; null or missing → {@code -}. */
    static String text(JsonNode n) {
        return missing(n) ? "-" : n.isValueNode() ? n.asText() : n.toString();
    }

    /** The elements of an array joined: {@code ["a","b"]} → {@code a; b}. */
    static String join(JsonNode array, String separator) {
        if (missing(array) || !array.isArray()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : array) {
            if (!sb.isEmpty()) {
                sb.append(separator);
            }
            sb.append(e.isValueNode() ? e.asText() : e.toString());
        }
        return sb.toString();
    }

    static boolean missing(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }
}
