package dev.engram.search.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Hits ordered by score, best first. {@code related} (only with {@code includeRelated}) holds the memories reached
 * from the hits through the memory graph, best first, each with the path that reached it.
 */
public record SearchMemoriesResponse(List<MemoryHit> hits, String mode, String model, long tookMillis,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) List<RelatedHit> related) {

    public SearchMemoriesResponse(List<MemoryHit> hits, String mode, String model, long tookMillis) {
        this(hits, mode, model, tookMillis, null);
    }
}
