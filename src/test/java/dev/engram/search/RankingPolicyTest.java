package dev.engram.search;

import dev.engram.search.api.Aggregation;
import dev.engram.search.api.Fusion;
import dev.engram.search.api.SearchMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankingPolicyTest {

    private final RankingPolicy policy = new RankingPolicy(Duration.ofDays(30), 100, 0.7, 60);
    private final Instant now = Instant.parse("2026-06-01T00:00:00Z");
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    void recencyShouldHalveEveryHalfLife() {
        assertThat(policy.recency(now, now)).isEqualTo(1.0);
        assertThat(policy.recency(now.minus(Duration.ofDays(30)), now)).isCloseTo(0.5, within(1e-9));
        assertThat(policy.recency(now.minus(Duration.ofDays(60)), now)).isCloseTo(0.25, within(1e-9));
        assertThat(policy.recency(now.plus(Duration.ofDays(5)), now)).as("future events count as now").isEqualTo(1.0);
    }

    @Test
    void frequencyShouldGrowLogarithmicallyAndSaturate() {
        assertThat(policy.frequency(0)).isZero();
        assertThat(policy.frequency(9)).isCloseTo(Math.log(10) / Math.log(101), within(1e-12));
        assertThat(policy.frequency(100)).isCloseTo(1.0, within(1e-12));
        assertThat(policy.frequency(10_000)).isEqualTo(1.0);
    }

    @Test
    void scoreShouldBeTheWeightedSumWithNormalisedWeights() {
        RankingPolicy.Breakdown b = policy.score(0.8, now.minus(Duration.ofDays(30)), 0, 0.5, 0.8,
                new Weights(4, 3, 2, 1), now);
        assertThat(b.weights().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-12));
        double expected = 0.4 * 0.8 + 0.3 * 0.5 + 0.2 * 0 + 0.1 * (0.5 * 0.8);
        assertThat(b.score()).isCloseTo(expected, within(1e-12));
        assertThat(b.contributions().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(b.score(), within(1e-12));
    }

    @Test
    void allZeroWeightsShouldFallBackToRelevance() {
        assertThat(policy.score(0.6, now, 50, 1, 1, new Weights(0, 0, 0, 0), now).score()).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void semanticRelevanceIsClampedSimilarity() {
        Map<UUID, Double> r = policy.relevance(List.of(new Candidate(a, 0.9, 0, 1, 0), new Candidate(b, -0.2, 0, 2, 0)),
                SearchMode.SEMANTIC, Fusion.WEIGHTED);
        assertThat(r.get(a)).isEqualTo(0.9);
        assertThat(r.get(b)).isZero();
    }

    @Test
    void keywordRelevanceIsNormalisedByTheBestMatch() {
        Map<UUID, Double> r = policy.relevance(List.of(new Candidate(a, 0.1, 0.4, 0, 1), new Candidate(b, 0.9, 0.1, 0, 2)),
                SearchMode.KEYWORD, Fusion.WEIGHTED);
        assertThat(r.get(a)).isEqualTo(1.0);
        assertThat(r.get(b)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void hybridWeightedMixesSimilarityAndKeyword() {
        UUID c = UUID.randomUUID();
        Map<UUID, Double> r = policy.relevance(List.of(new Candidate(a, 0.5, 0.2, 1, 1), new Candidate(b, 0.6, 0, 2, 0),
                new Candidate(c, 0.55, 0.1, 3, 2)), SearchMode.HYBRID, Fusion.WEIGHTED);
        // min-max over the candidates: similarity 0.5..0.6 and BM25 0..0.2 both become 0..1
        assertThat(r.get(a)).isCloseTo(0.7 * 0 + 0.3 * 1.0, within(1e-12));
        assertThat(r.get(b)).isCloseTo(0.7 * 1.0 + 0.3 * 0, within(1e-12));
        assertThat(r.get(c)).isCloseTo(0.7 * 0.5 + 0.3 * 0.5, within(1e-12));
    }

    @Test
    void minMaxScalesWithinTheQuery() {
        assertThat(RankingPolicy.minMax(0.8, 0.7, 0.9)).isCloseTo(0.5, within(1e-12));
        assertThat(RankingPolicy.minMax(0.3, 0.3, 0.3)).isEqualTo(1.0);
        assertThat(RankingPolicy.minMax(0, 0, 0)).isEqualTo(0.0);
    }

    @Test
    void hybridRrfRewardsAgreementAndIsScaledToOne() {
        Map<UUID, Double> r = policy.relevance(List.of(new Candidate(a, 0.5, 0.2, 1, 1), new Candidate(b, 0.6, 0, 2, 0)),
                SearchMode.HYBRID, Fusion.RRF);
        assertThat(r.get(a)).isCloseTo(1.0, within(1e-12));
        assertThat(r.get(b)).isCloseTo((1.0 / 62) / (2.0 / 61), within(1e-12));
    }

    @Test
    void aggregationsCombineQueries() {
        List<Double> perQuery = Arrays.asList(0.8, null, 0.2);
        List<Integer> positions = List.of(1, 0, 3);
        assertThat(policy.aggregate(Aggregation.MAX, perQuery, positions, null)).isEqualTo(0.8);
        assertThat(policy.aggregate(Aggregation.MEAN, perQuery, positions, null)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(policy.aggregate(Aggregation.WEIGHTED, perQuery, positions, List.of(2.0, 1.0, 1.0)))
                .isCloseTo((1.6 + 0.2) / 4, within(1e-12));
        assertThat(policy.aggregate(Aggregation.RRF, perQuery, positions, null))
                .isCloseTo((1.0 / 61 + 1.0 / 63) / (3.0 / 61), within(1e-12));
        assertThat(policy.aggregate(Aggregation.RRF, List.of(0.5, 0.5), List.of(1, 1), null)).isCloseTo(1.0, within(1e-12));
    }
}
