package dev.engram.knowledge.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A knowledge base entry; {@code version} is also its ETag. */
public record KnowledgeResponse(
        UUID id, String name, String knowledgeType, String domain, String description, Map<String, Object> content,
        List<String> rules, List<Object> examples, List<String> categories, List<String> tags,
        double accuracy, double completeness, double reliability, int usageCount, Instant lastUsed, boolean active,
        String createdBy, Instant createdAt, Instant updatedAt, String embeddingModel, long version) {
}
