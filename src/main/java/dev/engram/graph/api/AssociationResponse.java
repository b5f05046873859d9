package dev.engram.graph.api;

import java.time.Instant;
import java.util.UUID;

/** A stored association between two memories. */
public record AssociationResponse(
        UUID id, UUID sourceId, UUID targetId, String type, double strength, double confidence, String description,
        boolean learnedAutomatically, int usageCount, Instant lastUsed, Instant createdAt, Instant updatedAt) {
}
