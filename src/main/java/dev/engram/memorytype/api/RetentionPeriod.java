package dev.engram.memorytype.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A memory type's retention period (pure): an ISO-8601 duration of whole seconds, stored as seconds
 * ({@code retention_seconds > 0}). A fraction of a second is refused rather than cut off: {@code PT0.5S} would become
 * 0 seconds, which the table refuses, and {@code PT1.9S} one second, which is not what was asked for. Used by the API
 * and by the import, and printed alike by the API and the export.
 */
public final class RetentionPeriod {

    /** Why a period is refused, after the field's name. */
    public static final String MESSAGE = "must be a positive ISO-8601 duration of whole seconds, such as P30D or PT12H";

    private RetentionPeriod() {
    }

    /** The period in seconds; {@link IllegalArgumentException} with {@link #MESSAGE} when it is not a valid one. */
    public static long seconds(String period) {
        Duration d;
        try {
            d = Duration.parse(period);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(MESSAGE, e);
        }
        if (d.isNegative() || d.isZero() || d.getNano() != 0) {
            throw new IllegalArgumentException(MESSAGE);
        }
        return d.getSeconds();
    }

    /** Whole days as {@code P30D}, anything else as a {@link Duration} ({@code PT12H}). */
    public static String format(long seconds) {
        return seconds % 86_400 == 0 ? "P" + seconds / 86_400 + "D" : Duration.ofSeconds(seconds).toString();
    }
}
