package dev.engram.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The human output: aligned tables, cut cells, label/value blocks and value formats. */
class TableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAlignColumnsLeftAndNumbersRightWithoutTrailingSpaces() {
        String text = Table.of("TYPE", "MEMORIES", "NOTE").right(1)
                .row("semantic", "1,204", "")
                .row("episodic", "7", "short")
                .render();

        assertThat(text).isEqualTo("""
                TYPE      MEMORIES  NOTE
                semantic     1,204
                episodic         7  short
                """);
    }

    @Test
    void shouldCutLongCellsWithAnEllipsisAndFlattenLineBreaks() {
        String text = Table.of("ID", "CONTENT").maxWidth(1, 12)
                .row("a", "first line\nsecond line of a long text")
                .row("b", null)
                .render();

        assertThat(text.lines()).containsExactly("ID  CONTENT", "a   first line …", "b   -");
        assertThat(text.lines().mapToInt(String::length).max().orElseThrow()).isEqualTo(4 + 12);
        assertThat(Table.of("X").maxWidth(0, 12).unlimited(true).row("a".repeat(100)).render())
                .as("--wide").contains("a".repeat(100));
    }

    @Test
    void shouldUseTheDefaultWidthLimitAndKeepSurrogatePairsWhole() {
        String text = Table.of("CONTENT").row("x".repeat(200)).render();
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).hasSize(Table.DEFAULT_MAX_WIDTH).endsWith("…");
        assertThat(Table.cut("ab\uD83D\uDE00cd", 4)).isEqualTo("ab…");
        assertThat(Table.cut("abc", 3)).isEqualTo("abc");
    }

    @Test
    void shouldRejectRowsOfTheWrongLength() {
        assertThatThrownBy(() -> Table.of("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAlignLabelledValues() {
        assertThat(new Fields().add("Memories", 3).add("Average importance", "0.50").render()).isEqualTo("""
                Memories:            3
                Average importance:  0.50
                """);
    }

    @Test
    void shouldFormatNumbersSizesTimesAndMissingValues() throws Exception {
        assertThat(Fmt.count(1234567)).isEqualTo("1,234,567");
        assertThat(Fmt.bytes(512)).isEqualTo("512 B");
        assertThat(Fmt.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Fmt.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Fmt.millis(950)).isEqualTo("950 ms");
        assertThat(Fmt.millis(12_500)).isEqualTo("12.5 s");
        assertThat(Fmt.percent(JSON.readTree("0.756"))).isEqualTo("75.6%");
        assertThat(Fmt.decimal(JSON.readTree("0.8149"))).isEqualTo("0.81");
        assertThat(Fmt.instant(JSON.readTree("\"2026-11-14T09:05:59.123Z\""))).isEqualTo("2026-11-14 09:05");
        assertThat(Fmt.instant(JSON.readTree("\"yesterday\""))).isEqualTo("yesterday");
        assertThat(Fmt.join(JSON.readTree("[\"retry\",\"add system prompt\"]"), " → "))
                .isEqualTo("retry → add system prompt");
        assertThat(Fmt.decimal(JSON.readTree("null"))).isEqualTo("-");
        assertThat(Fmt.text(JSON.readTree("{}").path("missing"))).isEqualTo("-");
    }
}
