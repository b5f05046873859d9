package dev.engram.search.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which index finds candidates: vectors, full text, or both fused. */
public enum SearchMode {
    @JsonProperty("semantic") SEMANTIC,
    @JsonProperty("keyword") KEYWORD,
    @JsonProperty("hybrid") HYBRID
}
