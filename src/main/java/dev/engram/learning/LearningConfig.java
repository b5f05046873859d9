package dev.engram.learning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMin;

/** Learning patterns. */
@ConfigMapping(prefix = "engram.learning")
public interface LearningConfig {

    /**
     * How many observations the confidence a pattern was given is worth when outcomes are recorded
     * ({@code confidence = (successes + k · given) / (applications + k)}); greater than 0 (at 0 a pattern without
     * applications would have no confidence at all).
     */
    @WithDefault("4")
    @DecimalMin(value = "0", inclusive = false)
    double priorStrength();
}
