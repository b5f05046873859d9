package dev.engram.knowledge.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Semantic and tag search over active entries: {@code query} ranks by meaning; {@code tags} keeps entries carrying
 * every given tag; {@code domain} and {@code knowledgeType} filter. Give a query, tags, or both.
 */
public record SearchKnowledgeRequest(
        @Size(max = 4000) String query,
        @Size(max = 20) List<@NotBlank @Size(max = 100) String> tags,
        @Size(max = 200) String domain,
        @Size(max = 64) String knowledgeType,
        @DecimalMin("0.0") @DecimalMax("1.0") Double minSimilarity,
        @Min(1) @Max(50) Integer limit) {
}
