package dev.engram.search.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.engram.memory.api.MemoryResponse;

/** One search result: the final score, the memory and, when asked for, the explanation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryHit(double score, MemoryResponse memory, ScoreExplain explain) {
}
