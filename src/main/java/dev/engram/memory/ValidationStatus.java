package dev.engram.memory;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.AttributeConverter;

import java.util.Locale;

/** How far a memory has been checked: unvalidated → validated, or disputed / rejected. */
public enum ValidationStatus {
    @JsonProperty("unvalidated") UNVALIDATED,
    @JsonProperty("validated") VALIDATED,
    @JsonProperty("disputed") DISPUTED,
    @JsonProperty("rejected") REJECTED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ValidationStatus fromJson(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }

    @jakarta.persistence.Converter
    public static class DbConverter implements AttributeConverter<ValidationStatus, String> {
        @Override
        public String convertToDatabaseColumn(ValidationStatus status) {
            return status == null ? null : status.json();
        }

        @Override
        public ValidationStatus convertToEntityAttribute(String value) {
            return value == null ? null : fromJson(value);
        }
    }
}
