package dev.engram.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/** A stored turn; {@code seq} numbers a session's turns from 1, in append order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Turn(long seq, Role role, String content, String name, Map<String, Object> metadata, Instant timestamp) {
}
