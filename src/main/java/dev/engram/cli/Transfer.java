package dev.engram.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Helpers of export and import: byte and line counting, and the last line of a file. */
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

    /** The last non-empty line of the file (within its last MiB), or null. */
    static String lastLine(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            int size = (int) Math.min(length, TAIL);
            byte[] tail = new byte[size];
            f.seek(length - size);
            f.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8).stripTrailing();
            if (text.isEmpty()) {
                return null;
            }
            int eol = text.lastIndexOf('\n');
            if (eol < 0 && size < length) {
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
