package dev.engram.platform;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Parses path and query parameters taken as strings, so that a bad value is a {@code 400} problem naming the
 * parameter instead of the framework's bare 404.
 */
public final class Params {

    private Params() {
    }

    /** A query parameter holding a UUID, or null when absent. */
    public static UUID uuid(String name, String value) {
        return uuid(name, value, "query");
    }

    /** The {@code {id}} path parameter. */
    public static UUID pathId(String value) {
        return pathId("id", value);
    }

    /**
     * A UUID path parameter. Never null: a blank segment ({@code /v1/memories/%20}) is a 400 naming the parameter,
     * not "absent" as for a query parameter.
     */
    public static UUID pathId(String name, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(name, "must be a UUID such as 0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10, not blank", "path");
        }
        return uuid(name, value, "path");
    }

    private static UUID uuid(String name, String value, String in) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be a UUID such as 0b6e4a9c-3c1f-4c55-9a55-2f3c6f8c9d10", in);
        }
    }

    public static int intInRange(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw invalid(name, "must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number between " + min + " and " + max);
        }
    }

    public static Double fraction(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(value.trim());
            if (!(v >= 0 && v <= 1)) {
                throw invalid(name, "must be between 0 and 1");
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a number between 0 and 1");
        }
    }

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be an ISO-8601 timestamp such as 2026-01-31T10:15:30Z");
        }
        if (!InstantRange.contains(parsed)) {
            throw invalid(name, InstantRange.MESSAGE);
        }
        return parsed;
    }

    /** Values of a repeatable parameter; each value may itself be a comma-separated list. */
    public static List<String> list(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        return out;
    }

    /** An optional boolean query parameter: {@code true} or {@code false} (any case), {@code null} when absent. */
    public static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, "must be true or false");
        };
    }

    /**
     * The version an {@code If-Match} header names (an ETag this API returned, weak or strong), {@code null} when the
     * header is absent or {@code *}; anything else is {@code 412 precondition-failed}.
     */
    public static Long ifMatchVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String v = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "If-Match must be an ETag returned by this API",
                    java.util.Map.of("header", "If-Match"));
        }
    }

    /**
     * The cursor of a version history (knowledge versions, memory revisions): the last version of the previous page,
     * older ones follow; null without one, a 400 naming {@code cursor} when it is not one this API returned.
     */
    public static Long versionCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(cursor.trim());
        } catch (NumberFormatException e) {
            throw invalid("cursor", "is not a cursor returned by this API; start again without one");
        }
    }

    public static ProblemException invalid(String name, String message) {
        return invalid(name, message, "query");
    }

    private static ProblemException invalid(String name, String message, String in) {
        return ProblemException.withViolation(ProblemType.INVALID_PARAMETER, name + " " + message,
                new Violation(name, in, message));
    }
}
