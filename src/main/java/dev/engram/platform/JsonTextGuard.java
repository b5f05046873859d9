package dev.engram.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Every JSON document the API reads must be text PostgreSQL (and every other client) can store: valid UTF-8, no NUL
 * character ({@code \u0000}, which PostgreSQL's {@code text} and {@code jsonb} reject), no unpaired surrogate escape
 * ({@code \ud800}, which cannot be written as UTF-8). Checked once on the raw body, before Jackson reads it, so every
 * string of every endpoint is covered — keys and values, however deeply nested. Duplicate keys are rejected too
 * (which one would win is not obvious to a caller), and so is nesting deeper than {@code engram.limits.max-json-depth}.
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
        // Jackson's own guard against deep nesting (its default, 1000 levels, is far beyond any sane metadata)
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
     * existed stays readable.
     */
    private static final class Decorator extends InputDecorator {
        @Override
        public InputStream decorate(IOContext ctxt, InputStream in) throws IOException {
            byte[] bytes = in.readAllBytes();
            check(bytes, 0, bytes.length);
            return new ByteArrayInputStream(bytes);
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

    static void check(byte[] bytes, int offset, int length) throws InvalidTextException {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == 0) {
                throw new InvalidTextException("The request body contains a NUL byte at byte " + (i - offset)
                        + "; send JSON as UTF-8 text");
            }
        }
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length));
        } catch (CharacterCodingException e) {
            throw new InvalidTextException("The request body is not valid UTF-8; send JSON as UTF-8 text");
        }
        checkEscapes(chars.array(), chars.limit());
    }

    /**
     * The same check for JSON a service reads from a string rather than a stream (one NDJSON line of an import):
     * the decorator never sees it.
     */
    public static void checkText(String json) throws InvalidTextException {
        checkEscapes(json.toCharArray(), json.length());
    }

    /** Finds {@code \u0000} and unpaired surrogate escapes inside JSON strings. */
    static void checkEscapes(char[] c, int length) throws InvalidTextException {
        boolean inString = false;
        for (int i = 0; i < length; i++) {
            char ch = c[i];
            if (!inString) {
                inString = ch == '"';
            } else if (ch == '"') {
                inString = false;
            } else if (ch == '\\' && i + 1 < length) {
                if (c[i + 1] != 'u') {
                    i++;
                    continue;
                }
                int code = hex(c, i + 2, length);
                if (code == 0) {
                    throw new InvalidTextException("The request body contains a NUL character (\\u0000) at character "
                            + i + "; text fields cannot hold NUL");
                }
                if (Character.isHighSurrogate((char) code)) {
                    int next = i + 6 + 1 < length && c[i + 6] == '\\' && c[i + 7] == 'u' ? hex(c, i + 8, length) : -1;
                    if (next < 0 || !Character.isLowSurrogate((char) next)) {
                        throw unpaired(i);
                    }
                    i += 11;
                } else if (Character.isLowSurrogate((char) code)) {
                    throw unpaired(i);
                } else {
                    i += 5;
                }
            }
        }
    }

    private static InvalidTextException unpaired(int at) {
        return new InvalidTextException("The request body contains an unpaired UTF-16 surrogate escape at character "
                + at + "; text must be valid Unicode");
    }

    /** The value of 4 hex digits at {@code from}, or -1 (Jackson then reports the bad escape). */
    private static int hex(char[] c, int from, int length) {
        if (from + 4 > length) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + 4; i++) {
            int d = Character.digit(c[i], 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
