package dev.engram.cache.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A cached JSON value with its remaining lifetime ({@code value} is omitted in the answer to a PUT). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredValueResponse(String key, JsonNode value, long ttlSeconds, Instant expiresAt, Integer sizeBytes) {
}
