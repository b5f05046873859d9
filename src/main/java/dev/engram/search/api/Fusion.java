package dev.engram.search.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Hybrid mode: how vector similarity and keyword match make one relevance. */
public enum Fusion {
    /** semanticShare × similarity + (1 − semanticShare) × normalised keyword rank. */
    @JsonProperty("weighted") WEIGHTED,
    /** Reciprocal rank fusion of the two candidate lists, scaled to [0, 1]. */
    @JsonProperty("rrf") RRF
}
