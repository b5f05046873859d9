package dev.engram.memory;

import dev.engram.memory.api.MemoryResponse;

import java.util.List;
import java.util.Map;

final class MemoryMapper {

    private MemoryMapper() {
    }

    static MemoryResponse toResponse(MemoryEntity e) {
        return new MemoryResponse(e.id, e.typeCode, e.contextId, e.userId, e.agentId, e.title, e.content, e.summary,
                e.structuredData, list(e.keywords), list(e.entities), round(e.importance), round(e.confidence),
                e.accessCount, e.lastAccessed, e.learnedFrom, e.validationStatus, e.expiresAt, e.permanent,
                e.metadata == null ? Map.of() : e.metadata, e.occurredAt, e.createdAt, e.updatedAt, e.createdBy,
                e.contentHash, e.embeddingModel, e.version, e.supersededBy, e.supersededAt, e.searchContext);
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    /** float columns printed as the decimal the client sent (0.7, not 0.699999988079071). */
    private static double round(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
