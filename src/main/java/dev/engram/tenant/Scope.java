package dev.engram.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What an API key may do: read (GET and searches), write (every other change) and admin (keys, maintenance). */
public enum Scope {
    READ, WRITE, ADMIN;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Scope of(String value) {
        for (Scope s : values()) {
            if (s.json().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + value + "'; one of read, write, admin");
    }
}
