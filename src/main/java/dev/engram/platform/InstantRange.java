package dev.engram.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;

/**
 * Timestamps a client sends must lie in the years 1 to 9999: ISO-8601 (and {@link Instant}) reach a billion years,
 * PostgreSQL's {@code timestamptz} does not, and a query with {@code until=-999999999-01-01T00:00:00Z} used to end in
 * a 500. Body fields are checked when read ({@code 400 validation-failed} naming the field), query parameters by
 * {@link Params#instant}.
 */
@Singleton
public class InstantRange implements ObjectMapperCustomizer {

    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");
    public static final String MESSAGE = "must be an ISO-8601 timestamp between the years 1 and 9999";

    public static boolean contains(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }

    /** After Quarkus' own customizers, which register the standard java.time deserializers. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("engram-instant-range").addDeserializer(Instant.class, new Checked()));
    }

    private static final class Checked extends StdDeserializer<Instant> {
        Checked() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Instant value = InstantDeserializer.INSTANT.deserialize(p, ctxt);
            if (value != null && !contains(value)) {
                throw ctxt.weirdStringException(p.getText(), Instant.class, MESSAGE);
            }
            return value;
        }
    }
}
