package dev.engram.interaction;

import dev.engram.platform.config.Fraction;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Learning from interactions: how much one piece of feedback moves the used memories' scores. */
@ConfigMapping(prefix = "engram.interaction")
public interface InteractionConfig {

    /** Change of importance for the strongest feedback signal (±1); scaled by the signal. */
    @WithDefault("0.1")
    @Fraction
    double importanceStep();

    /** Change of confidence for the strongest feedback signal (±1); scaled by the signal. */
    @WithDefault("0.05")
    @Fraction
    double confidenceStep();

    /** Importance of the episodic memory that records the exchange. */
    @WithDefault("0.5")
    @Fraction
    double interactionImportance();
}
