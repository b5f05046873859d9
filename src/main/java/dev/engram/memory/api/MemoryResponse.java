package dev.engram.memory.api;

import dev.engram.memory.ValidationStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored memory with every field except the vector itself. {@code supersededBy} is the survivor this memory was
 * merged into by consolidation (it is then no longer searched or listed), {@code null} otherwise.
 */
public record MemoryResponse(
        UUID id, String type, UUID contextId, String userId, String agentId,
        String title, String content, String summary, Map<String, Object> structuredData,
        List<String> keywords, List<String> entities,
        double importance, double confidence, int accessCount, Instant lastAccessed,
        String learnedFrom, ValidationStatus validationStatus, Instant expiresAt, boolean permanent,
        Map<String, Object> metadata, Instant occurredAt, Instant createdAt, Instant updatedAt, String createdBy,
        String contentHash, String embeddingModel, long version, UUID supersededBy,
        Instant supersededAt, String searchContext) {
}
