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

    /**
     * Earlier versions kept per memory ({@code GET /v1/memories/{id}/revisions}): before a PATCH changes a memory, the
     * memory as it was is kept; beyond this many the oldest are dropped. 0 keeps none.
     */
    @WithDefault("20")
    @Min(0)
    @jakarta.validation.constraints.Max(1000)
    int maxRevisions();

    /** How often batched access counts (accessCount, lastAccessed) are written, e.g. {@code 1s}. */
    @WithDefault("1s")
    String accessFlushInterval();
}
