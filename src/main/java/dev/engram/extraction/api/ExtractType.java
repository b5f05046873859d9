package dev.engram.extraction.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Kinds of key information, each with the built-in memory type a suggestion of that kind is stored as:
 * preferences → {@code preference}; facts about the user, work (job, company, project) and names → {@code semantic};
 * dates (events, deadlines, appointments) → {@code episodic}.
 */
public enum ExtractType {
    PREFERENCE("preference"),
    FACT("semantic"),
    WORK("semantic"),
    DATE("episodic"),
    NAME("semantic");

    private final String memoryType;

    ExtractType(String memoryType) {
        this.memoryType = memoryType;
    }

    /** Code of the built-in memory type (V1 migration) a suggestion of this kind is stored as. */
    public String memoryType() {
        return memoryType;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ExtractType fromJson(String value) {
        for (ExtractType t : values()) {
            if (t.json().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("must be one of preference, fact, work, date, name");
    }
}
