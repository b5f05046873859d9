package dev.engram.session.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who said a turn. */
public enum Role {
    @JsonProperty("user") USER,
    @JsonProperty("assistant") ASSISTANT,
    @JsonProperty("system") SYSTEM,
    @JsonProperty("tool") TOOL;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
