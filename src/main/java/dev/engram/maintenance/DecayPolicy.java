package dev.engram.maintenance;

import java.time.Duration;
import java.time.Instant;

/**
 * Importance decay of unaccessed memories. A memory is idle from {@code grace} after its last access (or its
 * creation when never accessed); from then on, or from the last decay if that is later, its importance shrinks by
 * {@code ratePerDay} per day, compounded, but never below {@code floor}. Permanent memories and memories already at
 * or below the floor are left alone. Because each run only decays the idle time since the previous one, two runs
 * give the same result as one run at the later time. {@link MaintenanceRepository#decay} applies the same formula
 * in one set-based UPDATE.
 */
public record DecayPolicy(double ratePerDay, double floor, Duration grace) {

    private static final double NANOS_PER_DAY = 86_400e9;

    public DecayPolicy {
        if (!(ratePerDay >= 0 && ratePerDay < 1)) {
            throw new IllegalArgumentException("ratePerDay must be in [0, 1), was " + ratePerDay);
        }
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("floor must be in [0, 1], was " + floor);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
    }

    /** The memory's importance after a decay run at {@code now}. */
    public double decayed(double importance, boolean permanent, Instant createdAt, Instant lastAccessed,
                          Instant lastDecayedAt, Instant now) {
        if (permanent || importance <= floor) {
            return importance;
        }
        Instant idleFrom = (lastAccessed != null ? lastAccessed : createdAt).plus(grace);
        Instant from = lastDecayedAt != null && lastDecayedAt.isAfter(idleFrom) ? lastDecayedAt : idleFrom;
        if (!from.isBefore(now)) {
            return importance;
        }
        double days = Duration.between(from, now).toNanos() / NANOS_PER_DAY;
        return Math.max(floor, importance * Math.pow(1 - ratePerDay, days));
    }
}
