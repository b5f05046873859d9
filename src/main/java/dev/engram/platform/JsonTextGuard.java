package dev.engram.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every JSON document the API reads must be text PostgreSQL (and every other client) can store: valid UTF-8, no NUL
 * character ({@code \u0000}, which PostgreSQL's {@code text} and {@code jsonb} reject), no unpaired surrogate escape
 * ({@code \ud800}, which cannot be written as UTF-8). Checked on the raw body as Jackson reads it, so every
 * string of every endpoint is covered — keys and values, however deeply nested. Duplicate keys are rejected too
 * (which one would win is not obvious to a caller), and so is nesting deeper than {@code engram.limits.max-json-depth}
 * and content after the body's JSON value.
 * A violation is {@code 400 invalid-text} (or {@code malformed-json} for duplicates and depth).
 */
@Singleton
public class JsonTextGuard implements ObjectMapperCustomizer {

    private final LimitsConfig limits;

    JsonTextGuard(LimitsConfig limits) {
        this.limits = limits;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // a body is one JSON value: "{...} junk" or "{}{}" is malformed, not the first value with the rest ignored (a
        // reader of several values from one stream, the JSON import, reads with a reader that turns this off)
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // a value of the wrong JSON type is refused, not converted: "" or "  " for a number or boolean is not
        // "absent", "0.5" is not a number, 12345 or true is not a string, 1 is not a boolean (an integer for a
        // floating-point field stays allowed: 1 is 1.0). Query and path parameters are not JSON and are unaffected.
        // a number in untyped JSON (metadata, cached values) that a double cannot hold is refused, not changed
        mapper.registerModule(FiniteNumbers.module());
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // 5.7 for a whole-number field (maxTokens, limit) is refused, not cut to 5
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setAcceptBlankAsEmpty(false);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // Jackson's own guard against deep nesting (its default, 1000 levels, is far beyond any sane metadata); the
        // other stream limits keep Jackson's defaults: numbers of at most 1000 digits, field names of at most 50,000
        // characters, strings of at most 20,000,000 characters (ProblemExceptionMappers names the one exceeded)
        mapper.getFactory().setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth()).build());
        mapper.getFactory().setInputDecorator(new Decorator());
    }

    /** The body is not text Engram can store; {@code detail} says why and where. */
    public static final class InvalidTextException extends JsonProcessingException {
        InvalidTextException(String message) {
            super(message);
        }
    }

    /**
     * Checks streams only: request bodies reach Jackson as streams, while the service's own reads of stored JSON
     * (Redis turns and values, given as strings or bytes) pass unchanged, so that a value stored before this check
     * existed stays readable. The stream is checked as Jackson reads it, never held whole: an import body of tens
     * of megabytes costs a 64 KiB buffer, not three copies of itself.
     */
    private static final class Decorator extends InputDecorator {
        @Override
        public InputStream decorate(IOContext ctxt, InputStream in) {
            return new CheckedStream(in);
        }

        @Override
        public InputStream decorate(IOContext ctxt, byte[] src, int offset, int length) {
            return null; // unchanged
        }

        @Override
        public Reader decorate(IOContext ctxt, Reader r) {
            return r;
        }
    }

    /** Checks the bytes that pass through it: no NUL byte, valid UTF-8, and the escapes of {@link Escapes}. */
    static final class CheckedStream extends FilterInputStream {
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final CharBuffer chars = CharBuffer.allocate(8192);
        private final Escapes escapes = new Escapes();
        private ByteBuffer leftover = ByteBuffer.allocate(0); // the start of a character split between two reads
        private long position;
        private boolean ended;

        CheckedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                check(b, off, n, false);
            } else if (n < 0 && !ended) {
                ended = true;
                check(b, off, 0, true);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(n, 8192)];
            long skipped = 0;
            for (int r; skipped < n && (r = read(scratch, 0, (int) Math.min(n - skipped, scratch.length))) > 0; ) {
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void check(byte[] b, int off, int len, boolean end) throws InvalidTextException {
            for (int i = off; i < off + len; i++) {
                if (b[i] == 0) {
                    throw new InvalidTextException("The request body contains a NUL byte at byte "
                            + (position + i - off) + "; send JSON as UTF-8 text");
                }
            }
            position += len;
            ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
            if (leftover.hasRemaining()) {
                bytes = ByteBuffer.allocate(leftover.remaining() + len).put(leftover).put(b, off, len).flip();
            }
            CoderResult result;
            do {
                result = utf8.decode(bytes, chars, end);
                scan();
            } while (result.isOverflow());
            if (result.isError() || (end && (bytes.hasRemaining() || utf8.flush(chars).isError()))) {
                throw new InvalidTextException("The request body is not valid UTF-8; send JSON as UTF-8 text");
            }
            leftover = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
            if (end) {
                escapes.end();
            }
        }

        private void scan() throws InvalidTextException {
            chars.flip();
            while (chars.hasRemaining()) {
                escapes.accept(chars.get());
            }
            chars.clear();
        }
    }

    /**
     * The same check for JSON a service reads from a string rather than a stream (one NDJSON line of an import):
     * the decorator never sees it.
     */
    public static void checkText(String json) throws InvalidTextException {
        Escapes escapes = new Escapes();
        for (int i = 0; i < json.length(); i++) {
            escapes.accept(json.charAt(i));
        }
        escapes.end();
    }

    /**
     * Finds {@code \u0000} and unpaired surrogate escapes inside JSON strings, one character at a time (so a stream
     * can be checked in pieces). Other malformed escapes are left to Jackson, which rejects them.
     */
    static final class Escapes {
        private boolean inString;
        private boolean backslash;
        private int hexDigits = -1; // digits of a backslash-u escape read so far; -1: not in one
        private int value;
        private long highAt = -1; // where an unpaired high surrogate escape began, until its low half follows
        private long escapeAt;
        private long at = -1;

        void accept(char ch) throws InvalidTextException {
            at++;
            if (hexDigits >= 0) {
                int d = Character.digit(ch, 16);
                if (d < 0) {
                    hexDigits = -1; // not an escape PostgreSQL sees: Jackson reports it
                    return;
                }
                value = value * 16 + d;
                if (++hexDigits == 4) {
                    hexDigits = -1;
                    escape(value);
                }
                return;
            }
            if (backslash) {
                backslash = false;
                if (ch == 'u') {
                    hexDigits = 0;
                    value = 0;
                } else if (highAt >= 0) {
                    throw unpaired(highAt);
                }
                return;
            }
            if (highAt >= 0 && ch != '\\') {
                throw unpaired(highAt);
            }
            if (!inString) {
                inString = ch == '"';
            } else if (ch == '"') {
                inString = false;
            } else if (ch == '\\') {
                backslash = true;
                escapeAt = at;
            }
        }

        void end() throws InvalidTextException {
            if (highAt >= 0) {
                throw unpaired(highAt);
            }
        }

        private void escape(int code) throws InvalidTextException {
            if (highAt >= 0) {
                if (!Character.isLowSurrogate((char) code)) {
                    throw unpaired(highAt);
                }
                highAt = -1;
            } else if (code == 0) {
                throw new InvalidTextException("The request body contains a NUL character (\\u0000) at character "
                        + escapeAt + "; text fields cannot hold NUL");
            } else if (Character.isHighSurrogate((char) code)) {
                highAt = escapeAt;
            } else if (Character.isLowSurrogate((char) code)) {
                throw unpaired(escapeAt);
            }
        }

        private static InvalidTextException unpaired(long at) {
            return new InvalidTextException("The request body contains an unpaired UTF-16 surrogate escape at "
                    + "character " + at + "; text must be valid Unicode");
        }
    }
}
