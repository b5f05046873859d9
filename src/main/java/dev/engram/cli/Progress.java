package dev.engram.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress meter on stderr, redrawn in place ({@code \r}) at most every {@link #INTERVAL_NANOS}, like
 * curl's: bytes so far (of the total when known, with a bar and a percentage), records when counted, and the rate.
 * Disabled, it prints nothing at all. {@link #line} is pure and unit-tested.
 */
final class Progress {

    static final long INTERVAL_NANOS = 100_000_000L;
    private static final int BAR = 24;

    private final PrintWriter err;
    private final boolean enabled;
    private final String verb;
    private final long total;
    private final LongSupplier nanoClock;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    private int lastLength;
    private long bytes;
    private long records = -1;

    /** @param total the expected number of bytes, or a negative number when unknown */
    Progress(PrintWriter err, boolean enabled, String verb, long total, LongSupplier nanoClock) {
        this.err = err;
        this.enabled = enabled;
        this.verb = verb;
        this.total = total;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** Records the new totals and redraws if the last drawing is older than the interval. */
    synchronized void update(long bytes, long records) {
        this.bytes = bytes;
        this.records = records;
        if (!enabled) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= INTERVAL_NANOS) {
            draw(now);
        }
    }

    /** Draws the final state and ends the line. */
    synchronized void finish() {
        if (enabled) {
            draw(nanoClock.getAsLong());
            err.print('\n');
            err.flush();
        }
    }

    /** Ends the line without a final redraw (on failure), so that the error message starts on a line of its own. */
    synchronized void abort() {
        if (enabled && lastDraw != Long.MIN_VALUE) {
            err.print('\n');
            err.flush();
        }
    }

    private void draw(long now) {
        lastDraw = now;
        String line = line(verb, bytes, total, records, now - start);
        err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /**
     * The progress line: {@code importing [#########---------------]  38%  1.2 MiB / 3.1 MiB  850 records  2.4 MiB/s}
     * when the total is known, {@code exporting  1.2 MiB  850 records  2.4 MiB/s} when not; records only when
     * counted ({@code >= 0}).
     */
    static String line(String verb, long bytes, long total, long records, long elapsedNanos) {
        StringBuilder sb = new StringBuilder(verb);
        if (total > 0) {
            double fraction = Math.min(1.0, (double) bytes / total);
            int filled = (int) Math.round(fraction * BAR);
            sb.append(" [").append("#".repeat(filled)).append("-".repeat(BAR - filled)).append(']')
                    .append(String.format(Locale.ROOT, " %3d%%", (int) Math.floor(fraction * 100)))
                    .append("  ").append(Fmt.bytes(bytes)).append(" / ").append(Fmt.bytes(total));
        } else {
            sb.append("  ").append(Fmt.bytes(bytes));
        }
        if (records >= 0) {
            sb.append("  ").append(Fmt.count(records)).append(records == 1 ? " record" : " records");
        }
        if (elapsedNanos > 0) {
            sb.append("  ").append(Fmt.bytes((long) (bytes / (elapsedNanos / 1e9)))).append("/s");
        }
        return sb.toString();
    }
}
