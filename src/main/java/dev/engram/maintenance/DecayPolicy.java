package dev.engram.maintenance;

import java.time.Duration;
import java.time.Instant;

/**
 * Importance decay of unaccessed memories. A memory is idle from {@code grace} after its last access (or its
 * creation when never accessed); from then on, or from the last decay if that is later, its importance shrinks by
 * {@code ratePerDay} per day, compounded, but never below {@code floor}. Permanent memories and memories already at
 * or below the floor are left alone. Because each run only decays the idle time since the previous one, two runs
 * give the same result as one run at the later time. A run leaves a memory unchanged until its importance would
 * drop by at least {@code minChange} (relative) or reach the floor: the skipped time is decayed by the run that
 * writes, so the result is still that of one run at the later time. {@link MaintenanceRepository#decay} applies the
 * same formula in one set-based UPDATE.
 */
public record DecayPolicy(double ratePerDay, double floor, Duration grace, double minChange) {

    private static final double NANOS_PER_DAY = 86_400e9;

    public DecayPolicy {
        if (!(ratePerDay >= 0 && ratePerDay < 1)) {
            throw new IllegalArgumentException("ratePerDay must be in [0, 1), was " + ratePerDay);
        }
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("floor must be in [0, 1], was " + floor);
        }
        if (!(minChange >= 0 && minChange < 1)) {
            throw new IllegalArgumentException("minChange must be in [0, 1), was " + minChange);
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
        double factor = Math.pow(1 - ratePerDay, days);
        if (factor > 1 - minChange && importance * factor > floor) {
            return importance; // too small a change to rewrite the row for; a later run decays this time too
        }
        return Math.max(floor, importance * factor);
    }
}
