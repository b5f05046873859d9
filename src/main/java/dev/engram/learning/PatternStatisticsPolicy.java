package dev.engram.learning;

/**
 * Statistics of a learning pattern after its applications (pure; unit-tested).
 * <ul>
 *   <li>{@code successRate = successCount / appliedCount}, undefined (null) before the first application;</li>
 *   <li>{@code confidence = (successCount + k · prior) / (appliedCount + k)}: the posterior mean of a Beta prior
 *       centred on the confidence the pattern was given ({@code prior}) and worth {@code k} observations
 *       ({@code engram.learning.prior-strength}). It starts at the given confidence, moves towards the observed
 *       success rate as outcomes accumulate, never jumps to 0 or 1 after one outcome, and stays within [0, 1].</li>
 * </ul>
 */
public final class PatternStatisticsPolicy {

    private PatternStatisticsPolicy() {
    }

    /** Statistics derived from the counters. */
    public record Statistics(long appliedCount, long successCount, Double successRate, double confidence) {
    }

    public static Statistics of(double prior, double priorStrength, long appliedCount, long successCount) {
        if (appliedCount < 0 || successCount < 0 || successCount > appliedCount) {
            throw new IllegalArgumentException("need 0 <= successCount <= appliedCount, got " + successCount + " of "
                    + appliedCount);
        }
        if (!(prior >= 0 && prior <= 1) || !(priorStrength > 0)) {
            throw new IllegalArgumentException("need prior in [0,1] and priorStrength > 0");
        }
        Double rate = appliedCount == 0 ? null : (double) successCount / appliedCount;
        double confidence = (successCount + priorStrength * prior) / (appliedCount + priorStrength);
        return new Statistics(appliedCount, successCount, rate, Math.max(0, Math.min(1, confidence)));
    }
}
