package dev.engram.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Numbers in untyped JSON (metadata, structured data, cached values: {@code Map<String, Object>} and {@link JsonNode})
 * are kept exactly as a double, or refused: a literal beyond the range of a double ({@code 1e309}) would become
 * {@code Infinity} (written back as the string {@code "Infinity"}, which PostgreSQL's jsonb and most JSON parsers
 * cannot take as a number), and a non-zero literal below it ({@code 1e-400}) would become {@code 0.0}. Either is
 * {@code 400 validation-failed} naming the field, instead of a value silently changed.
 * <p>
 * Refusing is simpler than keeping such numbers as {@code BigDecimal} (USE_BIG_DECIMAL_FOR_FLOATS): every reader of
 * metadata would then meet a second number type, an exponent PostgreSQL's numeric cannot hold ({@code 1e-20000}) would
 * fail in the database, and an export's readers (Python, JavaScript) would turn the number into infinity anyway.
 * Typed fields ({@code importance}, …) have their own range checks.
 */
public final class FiniteNumbers {

    private FiniteNumbers() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("engram-finite-numbers");
        module.addDeserializer(Object.class, new Untyped());
        module.addDeserializer(JsonNode.class, new Tree());
        return module;
    }

    /** A number of untyped JSON that a double cannot hold; {@link #field()} is its path, such as {@code metadata.a[2]}. */
    public static final class OutOfRangeException extends JsonMappingException {
        private final String field;
        private final String literal;

        OutOfRangeException(JsonParser p, String field, String literal) {
            super(p, "Number out of range of a double: " + literal);
            this.field = field;
            this.literal = literal;
        }

        public String field() {
            return field;
        }

        public String literal() {
            return literal;
        }
    }

    /** Throws if the parser's current float token is not exactly what its double value says it is. */
    static void check(JsonParser p) throws IOException {
        double value = p.getDoubleValue();
        String text = p.getText();
        if (!Double.isFinite(value) || (value == 0.0 && nonZeroMantissa(text))) {
            throw new OutOfRangeException(p, path(p.getParsingContext()), text);
        }
    }

    private static boolean nonZeroMantissa(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** The path of the current value as the problem mappers write it: {@code a.b[1].c}. */
    private static String path(JsonStreamContext context) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null; c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inObject() && c.getCurrentName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(c.getCurrentName());
            } else if (c.inArray()) {
                path.append('[').append(Math.max(0, c.getCurrentIndex())).append(']');
            }
        }
        return path.toString();
    }

    /** Jackson's deserializer of {@code Object} ({@code Map<String, Object>} values), checking floats. */
    static final class Untyped extends UntypedObjectDeserializer {
        Untyped() {
            super((com.fasterxml.jackson.databind.JavaType) null, null);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return this; // Jackson's would swap in its own, unchecked, implementation
        }

        @Override
        protected Object _deserializeFP(JsonParser p, DeserializationContext ctxt) throws IOException {
            check(p);
            return super._deserializeFP(p, ctxt);
        }
    }

    /**
     * Jackson's deserializer of {@link JsonNode}, reading through a parser that checks each float token (Jackson's
     * tree reader offers no hook of its own).
     */
    static final class Tree extends StdDeserializer<JsonNode> {
        private final JsonDeserializer<? extends JsonNode> standard = JsonNodeDeserializer.getDeserializer(JsonNode.class);

        Tree() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                check(p);
            }
            return standard.deserialize(p instanceof Checking ? p : new Checking(p), ctxt);
        }

        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return standard.getNullValue(ctxt);
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) throws JsonMappingException {
            return standard.getAbsentValue(ctxt);
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    private static final class Checking extends JsonParserDelegate {
        Checking(JsonParser p) {
            super(p);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = delegate.nextToken();
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                check(delegate);
            }
            return t;
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken t = delegate.nextValue();
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                check(delegate);
            }
            return t;
        }
    }
}
