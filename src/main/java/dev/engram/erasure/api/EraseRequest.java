package dev.engram.erasure.api;

import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /v1/erasures}: exactly one of {@code userId} and {@code agentId}, the subject whose records of
 * the caller's tenant are erased.
 */
public record EraseRequest(@Size(max = 200) String userId, @Size(max = 200) String agentId) {
}
