package dev.engram.memory;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** pgvector's text form {@code [0.1,0.2,…]} to and from {@code float[]}. */
@Converter
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
