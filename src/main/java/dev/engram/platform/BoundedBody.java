package dev.engram.platform;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * A request body as the endpoint reads it: decoded from its content coding ({@code gzip}, {@code deflate}) as it is
 * read, and counted, so that the route's body limit holds for the bytes the endpoint sees, not for the bytes on the
 * wire. Nothing is inflated ahead of the reader: a body of 100 KB that inflates to gigabytes (a "zip bomb") costs
 * what the reader buffers up to the limit, then {@code 413 content-too-large}. A body that does not decode is
 * {@code 400 malformed-json}. Both are {@link RequestBodyException}s.
 */
final class BoundedBody extends InputStream {

    private static final int BUFFER = 16 * 1024;

    private final InputStream raw;
    private final String coding;
    private final long limit;
    private InputStream in;
    private long count;

    /**
     * @param coding {@link ContentCodings#GZIP}, {@link ContentCodings#DEFLATE}, or null for an uncompressed body
     * @param limit  most bytes the reader may get; one more is a 413
     */
    BoundedBody(InputStream raw, String coding, long limit) {
        this.raw = raw;
        this.coding = coding;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            if (in == null) {
                in = open();
            }
            // never hand out more than one byte beyond the limit: that byte is the proof of a 413
            n = in.read(b, off, (int) Math.min(len, limit - count + 1));
        } catch (ZipException | EOFException e) {
            if (coding == null) {
                throw e;
            }
            throw malformed(e);
        }
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw tooLarge();
            }
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in == null ? 0 : Math.min(in.available(), (int) Math.max(0, limit - count));
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close(); // ends the Inflater
        } else {
            raw.close();
        }
    }

    private InputStream open() throws IOException {
        if (coding == null) {
            return raw;
        }
        PushbackInputStream source = new PushbackInputStream(raw, 2);
        int b0 = source.read();
        if (b0 < 0) {
            return InputStream.nullInputStream(); // no body: nothing to decode (a POST without content)
        }
        int b1 = source.read();
        if (b1 >= 0) {
            source.unread(b1);
        }
        source.unread(b0);
        if (coding.equals(ContentCodings.GZIP)) {
            return new GZIPInputStream(source, BUFFER);
        }
        // HTTP's "deflate" is the zlib format (RFC 1950); some clients send raw deflate (RFC 1951): take both
        boolean zlib = b1 >= 0 && (b0 & 0x0f) == 8 && (b0 >> 4) <= 7 && ((b0 << 8) | b1) % 31 == 0;
        return new InflaterInputStream(source, new Inflater(!zlib), BUFFER) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    inf.end(); // an Inflater passed in is not ended by InflaterInputStream.close
                    super.close();
                }
            }
        };
    }

    private RequestBodyException malformed(IOException e) {
        String why = e instanceof EOFException ? "it ends before the compressed data does" : "it is corrupt";
        return new RequestBodyException(ProblemType.MALFORMED_JSON, "The request body is not valid " + coding
                + " (Content-Encoding: " + coding + "): " + why, Map.of(), e);
    }

    private RequestBodyException tooLarge() {
        String detail = coding == null
                ? "The request body has more than " + limit + " bytes; this endpoint accepts at most " + limit
                : "The request body inflates to more than " + limit + " bytes (Content-Encoding: " + coding
                + "); this endpoint accepts at most " + limit + ", counted after decompression";
        return new RequestBodyException(ProblemType.CONTENT_TOO_LARGE, detail, Map.of("limitBytes", limit), null);
    }
}
