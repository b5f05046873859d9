package dev.engram.memory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** Limits and defaults of long-term memory writes. */
@ConfigMapping(prefix = "engram.memory")
public interface MemoryConfig {

    /** Largest accepted {@code content}, in UTF-8 bytes; larger content is a 413 content-too-large problem. */
    @WithDefault("32768")
    @Min(1)
    int maxContentBytes();

    /** Most memories accepted by one {@code POST /v1/memories/batch}. */
    @WithDefault("1000")
    @Min(1)
    int maxBatchSize();

    /** Type of a memory written without one. */
    @WithDefault("semantic")
    String defaultType();

    /** How often batched access counts (accessCount, lastAccessed) are written, e.g. {@code 1s}. */
    @WithDefault("1s")
    String accessFlushInterval();
}
