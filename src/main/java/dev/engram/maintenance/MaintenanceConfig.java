package dev.engram.maintenance;

import dev.engram.platform.config.Fraction;
import dev.engram.platform.config.NonNegativeDuration;
import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.Optional;

/** Decay and retention cleanup of long-term memories, and their scheduling. */
@ConfigMapping(prefix = "engram.maintenance")
public interface MaintenanceConfig {

    /**
     * Memories removed per statement by a cleanup, and scanned per statement by a decay (each batch is its own short
     * transaction).
     */
    @WithDefault("1000")
    @Min(1)
    int batchSize();

    Cleanup cleanup();

    Decay decay();

    Consolidate consolidate();

    interface Cleanup {
        /**
         * How often every pod tries to run the cleanup job in-process (one pod runs it, the others skip on the
         * advisory lock), e.g. {@code 1h}; {@code off} disables it (use the CronJob command mode instead).
         */
        @WithDefault("off")
        String every();

        /** {@code delete} removes memories for good; {@code archive} moves them to the memory_archive table. */
        @WithDefault("delete")
        Mode mode();

        /**
         * Age rule of scheduled cleanups ({@code cleanup_old_memories}): memories older than this with importance
         * below {@code min-importance} and accessed at most {@code max-access-count} times are removed. Unset: the
         * rule runs only when an API call asks for it.
         */
        Optional<@PositiveDuration Duration> maxAge();

        /** Age rule: only memories with importance strictly below this are removed. */
        @WithDefault("0.3")
        @Fraction
        double minImportance();

        /** Age rule: only memories accessed at most this many times are removed. */
        @WithDefault("5")
        @Min(0)
        int maxAccessCount();
    }

    interface Decay {
        /** How often every pod tries to run the decay job in-process (one pod runs it), e.g. {@code 6h}; {@code off}. */
        @WithDefault("off")
        String every();

        /** Fraction of importance lost per idle day (compounded): importance × (1 − rate)^days. */
        @WithDefault("0.01")
        @Fraction
        double ratePerDay();

        /** Importance never decays below this (memories already below it are left alone). */
        @WithDefault("0.1")
        @Fraction
        double floor();

        /** A memory starts to decay once it has not been accessed (or created) for this long. */
        @WithDefault("P7D")
        @NonNegativeDuration
        Duration grace();

        /**
         * The smallest relative decrease a run writes: a memory's importance is rewritten once it has lost at least
         * this fraction since its last write (or reaches the floor). Every write re-indexes the whole row (HNSW,
         * full text, b-trees), so writing each day's 1 % would rewrite every idle memory every day; skipped time
         * is decayed by the next write, so the values are those of daily runs, at most this fraction behind.
         */
        @WithDefault("0.05")
        @DecimalMin("0")
        @DecimalMax("0.5")
        double minChange();
    }

    interface Consolidate {
        /** How often every pod tries to run the consolidation job in-process (one pod runs it), e.g. {@code 1d}; {@code off}. */
        @WithDefault("off")
        String every();

        /** Default least cosine similarity of two near-duplicates, 0.5–1 (requests may override it). */
        @WithDefault("0.85")
        @DecimalMin("0.5")
        @DecimalMax("1")
        double similarityThreshold();

        /** Default window: only memories created this recently are compared (requests may override). */
        @WithDefault("P7D")
        @PositiveDuration
        Duration timeWindow();

        /**
         * Upper bound of memories examined per tenant and run (the newest of the window first), which keeps a run
         * synchronous and short; a later run continues with the rest as the window moves.
         */
        @WithDefault("5000")
        @Min(1)
        int maxMemories();
    }

    enum Mode { DELETE, ARCHIVE }
}
