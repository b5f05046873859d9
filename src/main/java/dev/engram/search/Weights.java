package dev.engram.search;

/** Composite-score weights, normalised to sum to 1 (all zero falls back to relevance only). */
record Weights(double relevance, double recency, double frequency, double importance) {

    Weights normalised() {
        double sum = relevance + recency + frequency + importance;
        if (sum <= 0) {
            return new Weights(1, 0, 0, 0);
        }
        return new Weights(relevance / sum, recency / sum, frequency / sum, importance / sum);
    }
}
