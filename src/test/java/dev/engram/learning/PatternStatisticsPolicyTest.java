package dev.engram.learning;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PatternStatisticsPolicyTest {

    @Test
    void shouldKeepTheGivenConfidenceBeforeTheFirstApplication() {
        var s = PatternStatisticsPolicy.of(0.7, 4, 0, 0);
        assertThat(s.successRate()).isNull();
        assertThat(s.confidence()).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void shouldComputeTheSuccessRateAndTheSmoothedConfidence() {
        var s = PatternStatisticsPolicy.of(0.5, 4, 10, 8);
        assertThat(s.successRate()).isCloseTo(0.8, within(1e-9));
        assertThat(s.confidence()).isCloseTo((8 + 4 * 0.5) / (10 + 4), within(1e-9));
    }

    @Test
    void oneOutcomeShouldMoveTheConfidenceButNotToABound() {
        assertThat(PatternStatisticsPolicy.of(0.5, 4, 1, 1).confidence()).isCloseTo(0.6, within(1e-9));
        assertThat(PatternStatisticsPolicy.of(0.5, 4, 1, 0).confidence()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void shouldApproachTheObservedRateWithManyOutcomes() {
        var s = PatternStatisticsPolicy.of(0.9, 4, 10_000, 2_000);
        assertThat(s.confidence()).isCloseTo(0.2, within(0.001));
    }

    @Test
    void shouldStayWithinBounds() {
        assertThat(PatternStatisticsPolicy.of(1.0, 4, 5, 5).confidence()).isEqualTo(1.0);
        assertThat(PatternStatisticsPolicy.of(0.0, 4, 5, 0).confidence()).isEqualTo(0.0);
    }

    @Test
    void shouldRejectImpossibleCounters() {
        assertThatThrownBy(() -> PatternStatisticsPolicy.of(0.5, 4, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PatternStatisticsPolicy.of(1.5, 4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PatternStatisticsPolicy.of(0.5, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
