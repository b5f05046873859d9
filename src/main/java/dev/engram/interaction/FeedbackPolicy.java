package dev.engram.interaction;

import dev.engram.interaction.api.Feedback;
import dev.engram.memory.api.Scores;

import java.util.ArrayList;
import java.util.List;

/**
 * How feedback on a response changes the memories it used (pure; unit-tested).
 * <ol>
 *   <li>Signal {@code s ∈ [-1, 1]}: the mean of the components present: {@code helpful} → +1 / −1,
 *       {@code relevant} → +1 / −1, {@code rating} 1..5 → (rating − 3) / 2 (so 3 is neutral). No component → no
 *       signal (nothing changes).</li>
 *   <li>{@code importance' = clamp(importance + importanceStep · s)},
 *       {@code confidence' = clamp(confidence + confidenceStep · s)}, clamp to [0, 1].</li>
 * </ol>
 * Additive steps keep one piece of feedback small (defaults 0.1 and 0.05) and symmetric: a good and a bad rating
 * cancel out, except at the bounds.
 */
public final class FeedbackPolicy {

    private final double importanceStep;
    private final double confidenceStep;

    public FeedbackPolicy(double importanceStep, double confidenceStep) {
        if (importanceStep < 0 || importanceStep > 1 || confidenceStep < 0 || confidenceStep > 1) {
            throw new IllegalArgumentException("steps must lie in [0, 1]");
        }
        this.importanceStep = importanceStep;
        this.confidenceStep = confidenceStep;
    }

    /** The feedback signal in [-1, 1], or null when the feedback says nothing. */
    public static Double signal(Feedback feedback) {
        if (feedback == null) {
            return null;
        }
        List<Double> parts = new ArrayList<>(3);
        if (feedback.helpful() != null) {
            parts.add(feedback.helpful() ? 1.0 : -1.0);
        }
        if (feedback.relevant() != null) {
            parts.add(feedback.relevant() ? 1.0 : -1.0);
        }
        if (feedback.rating() != null) {
            int rating = Math.max(1, Math.min(5, feedback.rating()));
            parts.add((rating - 3) / 2.0);
        }
        return parts.isEmpty() ? null : parts.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    public Scores apply(Scores current, double signal) {
        double s = Math.max(-1, Math.min(1, signal));
        return new Scores(clamp(current.importance() + importanceStep * s),
                clamp(current.confidence() + confidenceStep * s));
    }

    private static double clamp(double value) {
        return Math.round(Math.max(0, Math.min(1, value)) * 1_000_000) / 1_000_000.0;
    }
}
