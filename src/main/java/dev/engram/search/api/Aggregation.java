package dev.engram.search.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the relevance of a memory over several queries is combined. */
public enum Aggregation {
    @JsonProperty("max") MAX,
    @JsonProperty("mean") MEAN,
    @JsonProperty("weighted") WEIGHTED,
    @JsonProperty("rrf") RRF
}
