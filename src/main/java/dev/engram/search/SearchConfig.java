package dev.engram.search;

import dev.engram.platform.config.Consistency;
import dev.engram.platform.config.Consistent;
import dev.engram.platform.config.Fraction;
import dev.engram.platform.config.NonNegativeDuration;
import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.List;

/** Retrieval defaults; every weight can be overridden per request. */
@ConfigMapping(prefix = "engram.search")
@Consistent
public interface SearchConfig extends Consistency {

    /** Weight of relevance (similarity / keyword match) in the composite score. */
    @WithDefault("0.7")
    @DecimalMin("0")
    double relevanceWeight();

    /** Weight of recency (exponential decay of the event time). */
    @WithDefault("0.1")
    @DecimalMin("0")
    double recencyWeight();

    /** Weight of frequency (how often the memory was retrieved). */
    @WithDefault("0.1")
    @DecimalMin("0")
    double frequencyWeight();

    /** Weight of importance × confidence. */
    @WithDefault("0.1")
    @DecimalMin("0")
    double importanceWeight();

    /** Age at which the recency component has halved. */
    @WithDefault("P30D")
    @PositiveDuration
    Duration recencyHalfLife();

    /** Access count at which the frequency component reaches 1 (log scale below it). */
    @WithDefault("100")
    @Min(1)
    int frequencySaturation();

    /**
     * Hybrid mode with weighted fusion: share of vector similarity in relevance (the rest is the keyword match), both
     * min-max normalised over the query's candidates.
     */
    @WithDefault("0.7")
    @Fraction
    double semanticShare();

    /** Okapi BM25 term-frequency saturation of keyword relevance. */
    @WithDefault("1.2")
    @DecimalMin("0")
    double bm25K1();

    /** Okapi BM25 length normalisation of keyword relevance (0 = none, 1 = full). */
    @WithDefault("0.75")
    @Fraction
    double bm25B();

    /**
     * The most rows one keyword search visits to order its candidates. Candidates come from the query's rarest words
     * whose document counts add up to at most this many; when even the rarest word is in more documents, from the
     * rows holding the most of the rarest words (all of them first), this many at most. Common words still count in
     * the score of every candidate.
     */
    @WithDefault("1000")
    @Min(1)
    int keywordMatchBudget();

    /**
     * Age after which a tenant's keyword statistics (document frequencies for BM25) are recomputed; they are also
     * recomputed after writes of more than a tenth of the tenant's memories (counted per pod).
     */
    @WithDefault("PT10M")
    @NonNegativeDuration
    Duration keywordStatisticsMaxAge();

    /** Candidates fetched from each index per requested result. */
    @WithDefault("4")
    @Min(1)
    int candidateFactor();

    /** Fewest candidates fetched from each index. */
    @WithDefault("50")
    @Min(1)
    int minCandidates();

    /** pgvector {@code hnsw.ef_search}: HNSW candidate list size (raised to the candidate count when smaller). */
    @WithDefault("200")
    @Min(1) @Max(1000)
    int efSearch();

    /**
     * Threads that run the keyword half of a hybrid search while the calling thread runs the vector half, each on its
     * own connection; 0 runs both halves in one statement. When every thread is busy (the cores are loaded anyway) a
     * search runs both halves in one statement.
     */
    @WithDefault("2")
    @Min(0)
    int keywordThreads();

    /** Reciprocal rank fusion constant k. */
    @WithDefault("60")
    @Min(0)
    int rrfK();

    @Override
    default List<String> inconsistencies() {
        if (relevanceWeight() + recencyWeight() + frequencyWeight() + importanceWeight() > 0) {
            return List.of();
        }
        return List.of("relevance-weight, recency-weight, frequency-weight and importance-weight are all 0: every "
                + "result of a search that does not set its own weights would score 0");
    }
}
