package dev.engram.platform;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The body check as a stream: the same verdict however the body is split between reads, and never read whole. */
class JsonTextGuardTest {

    private static final List<String> VALID = List.of(
            "{\"a\":\"plain\"}",
            "{\"a\":\"caf\u00e9 \uD83D\uDE00 \u4e2d\"}",
            "{\"a\":\"\\uD83D\\uDE00 and \\u00e9\",\"b\":[\"\\\\u0000 is text here\"]}",
            "{\"a\":\"quote \\\" backslash \\\\\"}");

    private static final List<String> INVALID = List.of(
            "{\"a\":\"x\\u0000y\"}",
            "{\"a\":\"\\uD83D\"}",
            "{\"a\":\"\\uD83Dx\"}",
            "{\"a\":\"\\uD83D\\u0041\"}",
            "{\"a\":\"\\uDE00\"}",
            "{\"\\u0000\":1}");

    @Test
    void shouldGiveTheSameVerdictWhereverTheReadsSplitTheBody() throws IOException {
        for (String json : VALID) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            for (int chunk = 1; chunk <= body.length; chunk++) {
                assertThat(readAll(body, chunk)).as("%s in reads of %d bytes", json, chunk).isEqualTo(body);
            }
            JsonTextGuard.checkText(json);
        }
        for (String json : INVALID) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            for (int chunk = 1; chunk <= body.length; chunk++) {
                int size = chunk;
                assertThatThrownBy(() -> readAll(body, size)).as("%s in reads of %d bytes", json, chunk)
                        .isInstanceOf(JsonTextGuard.InvalidTextException.class);
            }
            assertThatThrownBy(() -> JsonTextGuard.checkText(json)).isInstanceOf(JsonTextGuard.InvalidTextException.class);
        }
    }

    @Test
    void shouldRejectNulBytesAndInvalidOrTruncatedUtf8() {
        byte[] euro = "{\"a\":\"\u20ac\"}".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(euro, 8); // the body ends inside the 3-byte character
        List<byte[]> bodies = List.of(new byte[] {'{', '"', 'a', '"', ':', '"', 0, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'}, truncated,
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        for (byte[] body : bodies) {
            for (int chunk = 1; chunk <= body.length; chunk++) {
                int size = chunk;
                assertThatThrownBy(() -> readAll(body, size)).isInstanceOf(JsonTextGuard.InvalidTextException.class);
            }
        }
    }

    @Test
    void shouldPassTheBodyOnAsItArrivesInsteadOfReadingItWhole() throws IOException {
        long[] consumed = {0};
        InputStream endless = new InputStream() { // a 1 GB body: "[" then "\"x\"," forever
            @Override
            public int read() {
                consumed[0]++;
                return consumed[0] == 1 ? '[' : "\"x\",".charAt((int) ((consumed[0] - 2) % 4));
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = Math.min(len, 8192);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
        try (InputStream checked = new JsonTextGuard.CheckedStream(endless)) {
            byte[] first = new byte[100];
            assertThat(checked.read(first, 0, 100)).isPositive();
        }
        assertThat(consumed[0]).as("bytes taken from the body for the first read").isLessThanOrEqualTo(8192);
    }

    /** Reads the body through the check, {@code chunk} bytes per read of the underlying stream. */
    private static byte[] readAll(byte[] body, int chunk) throws IOException {
        InputStream source = new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        try (InputStream checked = new JsonTextGuard.CheckedStream(source)) {
            return checked.readAllBytes();
        }
    }
}
