package dev.engram.search.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/** Weights of the composite score; absent ones take the configured default. They are normalised to sum to 1. */
public record ScoreWeights(
        @DecimalMin("0.0") @DecimalMax("1.0") Double relevance,
        @DecimalMin("0.0") @DecimalMax("1.0") Double recency,
        @DecimalMin("0.0") @DecimalMax("1.0") Double frequency,
        @DecimalMin("0.0") @DecimalMax("1.0") Double importance) {
}
