package dev.engram.search;

import dev.engram.search.api.Aggregation;
import dev.engram.search.api.Fusion;
import dev.engram.search.api.SearchMode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Pure scoring rules of retrieval.
 * <ul>
 * <li>relevance: semantic = cosine similarity (clamped to [0,1]); keyword = BM25 / best BM25 among the candidates;
 * hybrid = weighted (share × similarity + (1 − share) × BM25, each min-max normalised over the query's candidates)
 * or RRF scaled to [0,1];</li>
 * <li>recency = 0.5^(age / half-life), age from the event time (occurredAt);</li>
 * <li>frequency = ln(1 + accessCount) / ln(1 + saturation), capped at 1;</li>
 * <li>importance = importance × confidence;</li>
 * <li>score = Σ normalised weight × component.</li>
 * </ul>
 */
final class RankingPolicy {

    static final String RELEVANCE = "relevance";
    static final String RECENCY = "recency";
    static final String FREQUENCY = "frequency";
    static final String IMPORTANCE = "importance";

    private final Duration halfLife;
    private final int frequencySaturation;
    private final double semanticShare;
    private final int rrfK;

    RankingPolicy(Duration halfLife, int frequencySaturation, double semanticShare, int rrfK) {
        this.halfLife = halfLife;
        this.frequencySaturation = Math.max(1, frequencySaturation);
        this.semanticShare = semanticShare;
        this.rrfK = rrfK;
    }

    /** Relevance in [0, 1] of each candidate of one query. */
    Map<UUID, Double> relevance(List<Candidate> candidates, SearchMode mode, Fusion fusion) {
        double bestKeyword = candidates.stream().mapToDouble(Candidate::keywordRank).max().orElse(0);
        double worstKeyword = candidates.stream().mapToDouble(Candidate::keywordRank).min().orElse(0);
        double bestSimilarity = candidates.stream().mapToDouble(c -> clamp(c.similarity())).max().orElse(0);
        double worstSimilarity = candidates.stream().mapToDouble(c -> clamp(c.similarity())).min().orElse(0);
        Map<UUID, Double> out = new HashMap<>();
        for (Candidate c : candidates) {
            double similarity = clamp(c.similarity());
            double keyword = bestKeyword > 0 ? c.keywordRank() / bestKeyword : 0;
            double r = switch (mode) {
                case SEMANTIC -> similarity;
                case KEYWORD -> keyword;
                case HYBRID -> fusion == Fusion.RRF ? rrf(c)
                        : semanticShare * minMax(similarity, worstSimilarity, bestSimilarity)
                        + (1 - semanticShare) * minMax(c.keywordRank(), worstKeyword, bestKeyword);
            };
            out.put(c.id(), clamp(r));
        }
        return out;
    }

    /**
     * {@code value} scaled so that the query's worst candidate is 0 and its best 1 (both when all are equal and
     * positive, 0 when all are 0): cosine similarities of one model crowd into a narrow band (0.7-0.9 for e5) and
     * BM25 scores are unbounded, so only their spread within the query is comparable.
     */
    static double minMax(double value, double worst, double best) {
        if (best <= worst) {
            return best > 0 ? 1 : 0;
        }
        return (value - worst) / (best - worst);
    }

    private double rrf(Candidate c) {
        double s = 0;
        if (c.semanticPosition() > 0) {
            s += 1.0 / (rrfK + c.semanticPosition());
        }
        if (c.keywordPosition() > 0) {
            s += 1.0 / (rrfK + c.keywordPosition());
        }
        return s / (2.0 / (rrfK + 1));
    }

    /**
     * Combines one memory's relevance over several queries. {@code perQuery} holds null where the query did not find
     * it; {@code positions} holds its 1-based rank per query (0 when absent), used by RRF.
     */
    double aggregate(Aggregation aggregation, List<Double> perQuery, List<Integer> positions, List<Double> queryWeights) {
        int n = perQuery.size();
        switch (aggregation) {
            case MAX:
                return perQuery.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
            case MEAN:
                return perQuery.stream().mapToDouble(v -> v == null ? 0 : v).sum() / n;
            case WEIGHTED: {
                double sum = 0;
                double weightSum = 0;
                for (int i = 0; i < n; i++) {
                    double w = queryWeights == null || queryWeights.size() <= i ? 1 : queryWeights.get(i);
                    weightSum += w;
                    sum += w * (perQuery.get(i) == null ? 0 : perQuery.get(i));
                }
                return weightSum == 0 ? 0 : sum / weightSum;
            }
            case RRF:
            default: {
                double s = 0;
                for (int p : positions) {
                    if (p > 0) {
                        s += 1.0 / (rrfK + p);
                    }
                }
                return s / (n / (double) (rrfK + 1));
            }
        }
    }

    double recency(Instant occurredAt, Instant now) {
        double ageSeconds = Math.max(0, Duration.between(occurredAt, now).toMillis() / 1000.0);
        return Math.pow(0.5, ageSeconds / Math.max(1, halfLife.toSeconds()));
    }

    double frequency(int accessCount) {
        return Math.min(1.0, Math.log1p(Math.max(0, accessCount)) / Math.log1p(frequencySaturation));
    }

    /** The composite score with its components, weights and contributions. */
    Breakdown score(double relevance, Instant occurredAt, int accessCount, double importance, double confidence,
                    Weights weights, Instant now) {
        Weights w = weights.normalised();
        Map<String, Double> components = new LinkedHashMap<>();
        components.put(RELEVANCE, clamp(relevance));
        components.put(RECENCY, recency(occurredAt, now));
        components.put(FREQUENCY, frequency(accessCount));
        components.put(IMPORTANCE, clamp(importance) * clamp(confidence));
        Map<String, Double> weightMap = new LinkedHashMap<>();
        weightMap.put(RELEVANCE, w.relevance());
        weightMap.put(RECENCY, w.recency());
        weightMap.put(FREQUENCY, w.frequency());
        weightMap.put(IMPORTANCE, w.importance());
        Map<String, Double> contributions = new LinkedHashMap<>();
        double total = 0;
        for (var e : components.entrySet()) {
            double c = weightMap.get(e.getKey()) * e.getValue();
            contributions.put(e.getKey(), c);
            total += c;
        }
        return new Breakdown(total, components, weightMap, contributions);
    }

    record Breakdown(double score, Map<String, Double> components, Map<String, Double> weights,
                     Map<String, Double> contributions) {
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }
}
