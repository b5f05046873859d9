package dev.engram.maintenance;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DecayPolicyTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private final DecayPolicy policy = new DecayPolicy(0.01, 0.1, Duration.ofDays(7), 0);
    /** The default: a row is rewritten once it has lost 5 % (0.99^5 = 0.951, 0.99^6 = 0.941). */
    private final DecayPolicy stepped = new DecayPolicy(0.01, 0.1, Duration.ofDays(7), 0.05);

    @Test
    void shouldNotDecayWithinTheGracePeriod() {
        assertThat(policy.decayed(0.8, false, CREATED, null, null, CREATED.plus(Duration.ofDays(7))))
                .isEqualTo(0.8);
    }

    @Test
    void shouldDecayCompoundedPerIdleDayAfterTheGracePeriod() {
        Instant now = CREATED.plus(Duration.ofDays(17));
        assertThat(policy.decayed(0.8, false, CREATED, null, null, now)).isCloseTo(0.8 * Math.pow(0.99, 10), within(1e-12));
        Instant halfDay = CREATED.plus(Duration.ofDays(7)).plus(Duration.ofHours(12));
        assertThat(policy.decayed(0.8, false, CREATED, null, null, halfDay)).isCloseTo(0.8 * Math.pow(0.99, 0.5), within(1e-12));
    }

    @Test
    void shouldCountIdleTimeFromTheLastAccess() {
        Instant accessed = CREATED.plus(Duration.ofDays(100));
        Instant now = accessed.plus(Duration.ofDays(9));
        assertThat(policy.decayed(0.5, false, CREATED, accessed, null, now)).isCloseTo(0.5 * Math.pow(0.99, 2), within(1e-12));
        assertThat(policy.decayed(0.5, false, CREATED, accessed, null, accessed.plus(Duration.ofDays(6)))).isEqualTo(0.5);
    }

    @Test
    void shouldNeverGoBelowTheFloorNorTouchMemoriesAtOrBelowIt() {
        Instant farFuture = CREATED.plus(Duration.ofDays(3650));
        assertThat(policy.decayed(0.9, false, CREATED, null, null, farFuture)).isEqualTo(0.1);
        assertThat(policy.decayed(0.05, false, CREATED, null, null, farFuture)).isEqualTo(0.05);
        assertThat(policy.decayed(0.1, false, CREATED, null, null, farFuture)).isEqualTo(0.1);
    }

    @Test
    void shouldExemptPermanentMemories() {
        assertThat(policy.decayed(0.8, true, CREATED, null, null, CREATED.plus(Duration.ofDays(365)))).isEqualTo(0.8);
    }

    @Test
    void shouldGiveTheSameResultForTwoRunsAsForOneRunAtTheLaterTime() {
        Instant first = CREATED.plus(Duration.ofDays(20));
        Instant second = CREATED.plus(Duration.ofDays(45));
        double once = policy.decayed(0.8, false, CREATED, null, null, second);
        double afterFirst = policy.decayed(0.8, false, CREATED, null, null, first);
        double twice = policy.decayed(afterFirst, false, CREATED, null, first, second);
        assertThat(twice).isCloseTo(once, within(1e-12));
        assertThat(policy.decayed(afterFirst, false, CREATED, null, first, first)).as("a repeated run at the same time")
                .isEqualTo(afterFirst);
    }

    @Test
    void shouldLeaveAMemoryUnchangedUntilItHasLostAtLeastTheMinimumChange() {
        assertThat(stepped.decayed(0.8, false, CREATED, null, null, CREATED.plus(Duration.ofDays(12))))
                .as("5 idle days: 4.9 %% lost, not written").isEqualTo(0.8);
        assertThat(stepped.decayed(0.8, false, CREATED, null, null, CREATED.plus(Duration.ofDays(13))))
                .as("6 idle days: the whole 6 days").isCloseTo(0.8 * Math.pow(0.99, 6), within(1e-12));
        assertThat(stepped.decayed(0.104, false, CREATED, null, null, CREATED.plus(Duration.ofDays(11))))
                .as("reaching the floor is always written").isEqualTo(0.1);
    }

    @Test
    void skippedRunsShouldNotChangeTheResultOfTheRunThatWrites() {
        double value = 0.8;
        Instant decayedAt = null;
        for (int day = 8; day <= 60; day++) { // a run every day
            Instant now = CREATED.plus(Duration.ofDays(day));
            double next = stepped.decayed(value, false, CREATED, null, decayedAt, now);
            if (next != value) {
                assertThat(next / value).isLessThanOrEqualTo(0.95);
                value = next;
                decayedAt = now;
            }
        }
        assertThat(value).as("exactly daily compounding up to the last write").isCloseTo(
                policy.decayed(0.8, false, CREATED, null, null, decayedAt), within(1e-12));
        assertThat(value).as("at most 5 %% above the value of daily writes")
                .isGreaterThanOrEqualTo(0.8 * Math.pow(0.99, 53)).isLessThan(0.8 * Math.pow(0.99, 53) / 0.95);
    }

    @Test
    void shouldRejectNonsensicalSettings() {
        assertThatThrownBy(() -> new DecayPolicy(1.0, 0.1, Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecayPolicy(0.1, 1.5, Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecayPolicy(0.1, 0.1, Duration.ofDays(-1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecayPolicy(0.1, 0.1, Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
