package dev.engram.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Helpers of export and import: byte and line counting, and the tail of a download. */
final class Transfer {

    static final int BUFFER = 64 * 1024;
    private static final int TAIL = 1024 * 1024;

    private Transfer() {
    }

    /** Newlines in {@code buf[off, off+len)}. */
    static long newlines(byte[] buf, int off, int len) {
        long n = 0;
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The last {@value #TAIL} bytes written through {@link #add}, and how many were written in all. */
    static final class Tail {
        private final byte[] ring = new byte[TAIL];
        private long total;

        void add(byte[] buf, int off, int len) {
            int skip = Math.max(0, len - TAIL);
            for (int i = off + skip; i < off + len; ) {
                int at = (int) (total % TAIL);
                int n = Math.min(off + len - i, TAIL - at);
                System.arraycopy(buf, i, ring, at, n);
                i += n;
                total += n;
            }
            total += skip;
        }

        /** The kept bytes in order. */
        String text() {
            int size = (int) Math.min(total, TAIL);
            byte[] out = new byte[size];
            int start = (int) ((total - size) % TAIL);
            int first = Math.min(size, TAIL - start);
            System.arraycopy(ring, start, out, 0, first);
            System.arraycopy(ring, 0, out, first, size - first);
            return new String(out, StandardCharsets.UTF_8);
        }

        /** The last non-empty line, or null (also when it began before the kept bytes). */
        String lastLine() {
            String text = text().stripTrailing();
            if (text.isEmpty()) {
                return null;
            }
            int eol = text.lastIndexOf('\n');
            if (eol < 0 && total > TAIL) {
                return null;
            }
            return text.substring(eol + 1).strip();
        }
    }

    /** Counts what is read through it and reports to a {@link Progress}: bytes, and lines when {@code lines}. */
    static final class CountingInputStream extends FilterInputStream {
        private final Progress progress;
        private final boolean lines;
        private long bytes;
        private long newlines;

        CountingInputStream(InputStream in, Progress progress, boolean lines) {
            super(in);
            this.progress = progress;
            this.lines = lines;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(buf, off, n);
            }
            return n;
        }

        private void count(byte[] buf, int off, int n) {
            bytes += n;
            if (lines) {
                newlines += newlines(buf, off, n);
            }
            progress.update(bytes, lines ? newlines : -1);
        }

        long bytes() {
            return bytes;
        }
    }
}
