package dev.engram.memorytype.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A memory type's retention period (pure): an ISO-8601 duration of whole seconds, stored as seconds
 * ({@code retention_seconds > 0}), at most 1000 years. A fraction of a second is refused rather than cut off:
 * {@code PT0.5S} would become 0 seconds, which the table refuses, and {@code PT1.9S} one second, which is not what
 * was asked for. Used by the API and by the import, and printed alike by the API and the export.
 */
public final class RetentionPeriod {

    /** Why a period is refused, after the field's name. */
    public static final String MESSAGE = "must be a positive ISO-8601 duration of whole seconds, such as P30D or PT12H";

    /**
     * The longest period: 1000 years of 365.25 days ({@code P365250D}). Without a bound, {@code P3000000D} was
     * accepted and the cleanup's and the health check's {@code now - retention} left PostgreSQL's timestamp range.
     */
    public static final long MAX_SECONDS = 365_250L * 86_400;

    /** Why a period longer than {@link #MAX_SECONDS} is refused, after the field's name. */
    public static final String TOO_LONG = "must be at most 1000 years (P365250D); leave it out for no retention limit";

    private RetentionPeriod() {
    }

    /**
     * The period in seconds; {@link IllegalArgumentException} with {@link #MESSAGE} when it is not a valid one, with
     * {@link #TOO_LONG} when it is longer than {@link #MAX_SECONDS}.
     */
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
        if (d.getSeconds() > MAX_SECONDS) {
            throw new IllegalArgumentException(TOO_LONG);
        }
        return d.getSeconds();
    }

    /**
     * The SQL interval of a {@code retention_seconds} expression, capped at {@link #MAX_SECONDS}: a row stored before
     * the cap (V16 caps them too) can then never take {@code now - interval} out of PostgreSQL's timestamp range.
     */
    public static String sqlInterval(String secondsExpression) {
        return "make_interval(secs => least(" + secondsExpression + ", " + MAX_SECONDS + "))";
    }

    /** Whole days as {@code P30D}, anything else as a {@link Duration} ({@code PT12H}). */
    public static String format(long seconds) {
        return seconds % 86_400 == 0 ? "P" + seconds / 86_400 + "D" : Duration.ofSeconds(seconds).toString();
    }
}
