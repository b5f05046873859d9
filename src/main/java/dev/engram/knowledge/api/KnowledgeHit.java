package dev.engram.knowledge.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A search result: the cosine similarity to the query (absent for a tag-only search) and the entry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KnowledgeHit(Double similarity, KnowledgeResponse entry) {
}
