package dev.engram.memory;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;

/**
 * pgvector's text form {@code [0.1,0.2,…]} to and from {@code float[]}.
 * <p>
 * Immutable for Hibernate: a vector is never changed in place (a new embedding is a new array), so Hibernate keeps
 * the array itself as the entity's snapshot. Without this it deep-copied every vector on persist through this
 * converter, to text and back (69 µs a vector, docs/benchmarks.md).
 */
@Converter
@Mutability(Immutability.class)
public class VectorConverter implements AttributeConverter<float[], String> {

    @Override
    public String convertToDatabaseColumn(float[] vector) {
        return vector == null ? null : toText(vector);
    }

    @Override
    public float[] convertToEntityAttribute(String text) {
        if (text == null) {
            return null;
        }
        String body = text.substring(1, text.length() - 1);
        if (body.isEmpty()) {
            return new float[0];
        }
        String[] parts = body.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    /** The text literal pgvector parses; used for bound parameters as well. */
    public static String toText(float[] vector) {
        StringBuilder sb = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(vector[i]);
        }
        return sb.append(']').toString();
    }
}
