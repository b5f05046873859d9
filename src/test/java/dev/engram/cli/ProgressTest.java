package dev.engram.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress meter: its line, its redraw throttle, and silence when disabled. */
class ProgressTest {

    @Test
    void shouldShowABarAndPercentageWhenTheTotalIsKnown() {
        assertThat(Progress.line("importing", 1024 * 1024, 4 * 1024 * 1024, -1, 2_000_000_000L))
                .isEqualTo("importing [######------------------]  25%  1.0 MiB / 4.0 MiB  512.0 KiB/s");
        assertThat(Progress.line("importing", 10, 10, -1, 0)).startsWith("importing [" + "#".repeat(24) + "] 100%");
    }

    @Test
    void shouldShowBytesRecordsAndRateWhenTheTotalIsUnknown() {
        assertThat(Progress.line("exporting", 3 * 1024 * 1024, -1, 4210, 1_000_000_000L))
                .isEqualTo("exporting  3.0 MiB  4,210 records  3.0 MiB/s");
        assertThat(Progress.line("exporting", 100, -1, 1, 0)).isEqualTo("exporting  100 B  1 record");
    }

    @Test
    void shouldRedrawInPlaceAtMostEveryIntervalAndEndTheLine() {
        StringWriter sink = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = new Progress(new PrintWriter(sink), true, "exporting", -1, clock::get);

        p.update(1, 1);
        clock.addAndGet(Progress.INTERVAL_NANOS / 2);
        p.update(2, 2); // too soon: not drawn
        clock.addAndGet(Progress.INTERVAL_NANOS);
        p.update(3_000, 3);
        p.finish();

        String out = sink.toString();
        assertThat(out.chars().filter(c -> c == '\r')).hasSize(3);
        assertThat(out).contains("1 record").doesNotContain("2 records").contains("3 records").endsWith("\n");
        String[] draws = out.split("\r");
        assertThat(draws[draws.length - 1].stripTrailing()).startsWith("exporting  2.9 KiB  3 records");
    }

    @Test
    void shouldPrintNothingWhenDisabled() {
        StringWriter sink = new StringWriter();
        Progress p = new Progress(new PrintWriter(sink), false, "importing", 100, System::nanoTime);
        p.update(50, 1);
        p.finish();
        p.abort();
        assertThat(sink.toString()).isEmpty();
    }
}
