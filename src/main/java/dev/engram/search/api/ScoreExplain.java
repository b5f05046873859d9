package dev.engram.search.api;

import java.util.Map;

/**
 * Why a memory scored what it did. {@code components} are in [0, 1]; {@code weights} are normalised; the score is
 * the sum of {@code contributions} (weight × component). {@code similarity} is cosine similarity,
 * {@code keywordRank} Okapi BM25 of the memory for the query (0 when the text does not match).
 */
public record ScoreExplain(double similarity, double keywordRank, Map<String, Double> components,
                           Map<String, Double> weights, Map<String, Double> contributions) {
}
