package dev.engram.learning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMin;

/** Learning patterns. */
@ConfigMapping(prefix = "engram.learning")
public interface LearningConfig {

    /**
     * How many observations the confidence a pattern was given is worth when outcomes are recorded
     * ({@code confidence = (successes + k · given) / (applications + k)}).
     */
    @WithDefault("4")
    @DecimalMin("0")
    double priorStrength();
}
