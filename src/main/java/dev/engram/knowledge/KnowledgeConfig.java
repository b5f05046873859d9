package dev.engram.knowledge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** The knowledge base: limits, derived tags and usage counting. */
@ConfigMapping(prefix = "engram.knowledge")
public interface KnowledgeConfig {

    /** Tags derived from name and description when an entry is written without tags. */
    @WithDefault("8")
    @Min(0)
    int derivedTags();

    /** Largest {@code content} plus {@code examples} (JSON, UTF-8 bytes); larger is a 413 content-too-large problem. */
    @WithDefault("65536")
    @Min(1)
    int maxContentBytes();

    /** Type of an entry written without one. */
    @WithDefault("fact")
    String defaultType();

    /** How often batched usage counts of entries returned by searches are written, e.g. {@code 1s}. */
    @WithDefault("1s")
    String usageFlushInterval();
}
