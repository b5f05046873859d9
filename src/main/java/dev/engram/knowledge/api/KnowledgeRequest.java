package dev.engram.knowledge.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/knowledge} and {@code PUT /v1/knowledge/{id}} (PUT replaces every field: one left out
 * takes its default). Categories and tags are derived from type, domain, name and description when not given.
 */
public record KnowledgeRequest(
        @NotBlank @Size(max = 200) String name,
        @Pattern(regexp = "^[a-z][a-z0-9_-]{0,63}$",
                message = "must be a lower-case word such as fact, rule, procedure, concept or faq")
        String knowledgeType,
        @Size(max = 200) String domain,
        @Size(max = 4000) String description,
        Map<String, Object> content,
        @Size(max = 100) List<@NotBlank @Size(max = 2000) String> rules,
        @Size(max = 100) List<Object> examples,
        @Size(max = 20) List<@NotBlank @Size(max = 100) String> categories,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
        @DecimalMin("0.0") @DecimalMax("1.0") Double accuracy,
        @DecimalMin("0.0") @DecimalMax("1.0") Double completeness,
        @DecimalMin("0.0") @DecimalMax("1.0") Double reliability,
        Boolean active,
        @Size(max = 200) String createdBy) {
}
