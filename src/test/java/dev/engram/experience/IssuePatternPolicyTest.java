package dev.engram.experience;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IssuePatternPolicyTest {

    @Test
    void confidenceShouldGrowWithAttemptsUpToOne() {
        assertThat(IssuePatternPolicy.confidence(0, 10)).isZero();
        assertThat(IssuePatternPolicy.confidence(1, 10)).isCloseTo(0.1, within(1e-9));
        assertThat(IssuePatternPolicy.confidence(7, 10)).isCloseTo(0.7, within(1e-9));
        assertThat(IssuePatternPolicy.confidence(10, 10)).isEqualTo(1.0);
        assertThat(IssuePatternPolicy.confidence(250, 10)).isEqualTo(1.0);
        assertThat(IssuePatternPolicy.confidence(2, 4)).isCloseTo(0.5, within(1e-9));
        assertThatThrownBy(() -> IssuePatternPolicy.confidence(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void successRateShouldBeZeroWithoutAttempts() {
        assertThat(IssuePatternPolicy.successRate(0, 0)).isZero();
        assertThat(IssuePatternPolicy.successRate(3, 4)).isCloseTo(0.75, within(1e-9));
    }
}
