package dev.engram.experience;

/**
 * Confidence of an issue pattern (pure; unit-tested), as in the source documents: {@code min(1, attempts / n)} with
 * {@code n = engram.experience.pattern-confidence-attempts} (10): a pattern seen ten times is fully trusted, one
 * seen once weighs a tenth. It measures how much evidence there is, not whether fixes work (that is the success
 * rate).
 */
public final class IssuePatternPolicy {

    private IssuePatternPolicy() {
    }

    public static double confidence(long attempts, int saturationAttempts) {
        if (saturationAttempts < 1) {
            throw new IllegalArgumentException("saturationAttempts must be at least 1");
        }
        return Math.min(1.0, Math.max(0, attempts) / (double) saturationAttempts);
    }

    /** successes / attempts, 0 without attempts. */
    public static double successRate(long successes, long attempts) {
        return attempts <= 0 ? 0 : (double) successes / attempts;
    }
}
