package dev.engram.graph;

import dev.engram.platform.config.Fraction;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.List;

/** The memory graph: association types, automatic linking on write, and graph expansion of search hits. */
@ConfigMapping(prefix = "engram.graph")
public interface GraphConfig {

    /**
     * Association types a client may use (lower-case words: a-z, 0-9, {@code _}, {@code -}; checked at start-up);
     * anything else is a 400 validation-failed problem.
     */
    @WithDefault("related,similar,causes,caused_by,supports,contradicts,follows,part_of,example_of,derived_from")
    List<String> associationTypes();

    /**
     * Types whose meaning goes both ways: graph expansion follows them from target to source as well. Other types
     * are followed from source to target only.
     */
    @WithDefault("related,similar")
    List<String> symmetricTypes();

    /** Link new memories to their most similar memories (type {@code similar}) after the write commits. */
    @WithDefault("true")
    boolean autoLinkEnabled();

    /** Least cosine similarity for an automatic {@code similar} association. */
    @WithDefault("0.75")
    @Fraction
    double autoLinkMinSimilarity();

    /** Most automatic associations per new memory (its nearest neighbours above the minimum similarity). */
    @WithDefault("5")
    @Min(1)
    int autoLinkMaxLinks();

    /**
     * pgvector {@code hnsw.ef_search} of the neighbour search behind automatic links (raised to the number of links
     * when smaller). 40 found 97.6 % of the exact 5 nearest neighbours at 180k memories for ~0.8 ms less database CPU
     * per new memory than 100 (99.6 %); see docs/benchmarks.md.
     */
    @WithDefault("40")
    @Min(1) @Max(1000)
    int autoLinkEfSearch();

    /** How often queued new memories are linked, e.g. {@code 1s}. */
    @WithDefault("1s")
    String autoLinkInterval();

    /** Most new memories linked per statement; a larger queue is worked off in several statements. */
    @WithDefault("200")
    @Min(1)
    int autoLinkBatchSize();

    /** Most memories waiting to be linked; beyond it new memories are not linked (and a warning is logged). */
    @WithDefault("100000")
    @Min(1)
    int autoLinkQueueCapacity();

    /** Factor applied per step of graph expansion: a hit reached at depth d scores hitScore × Π(edge weight) × factor^d. */
    @WithDefault("0.7")
    @Fraction
    double depthDecay();

    /** Most related hits added to one search. */
    @WithDefault("20")
    @Min(0)
    int maxRelated();

    /** Strongest edges followed from one memory per expansion step. */
    @WithDefault("10")
    @Min(1)
    int maxEdgesPerMemory();

    /** How often batched association usage counts (usageCount, lastUsed) are written, e.g. {@code 1s}. */
    @WithDefault("1s")
    String usageFlushInterval();
}
