package dev.engram.memory.api;

import dev.engram.memory.ValidationStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Filters of {@code GET /v1/memories}; null means "any". Times apply to {@code occurredAt}. */
public record MemoryFilter(List<String> types, UUID contextId, String userId, String agentId,
                           ValidationStatus validationStatus, Double minImportance, Instant since, Instant until) {
}
