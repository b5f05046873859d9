package dev.engram.search.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A search: {@code query}, or several {@code queries} combined by {@code aggregation}. Filters narrow the
 * candidates; {@code minRelevance} drops weak matches; {@code explain} returns every score component.
 * {@code includeRelated} adds memories reached from the hits through the memory graph (up to {@code maxDepth}
 * associations away, default 1) as {@code related} hits; the {@code hits} themselves do not change.
 */
public record SearchMemoriesRequest(
        @Size(max = 4000) String query,
        @Size(max = 10) List<@NotBlank @Size(max = 4000) String> queries,
        Aggregation aggregation,
        @Size(max = 10) List<@NotNull @DecimalMin("0.0") @DecimalMax(MAX_QUERY_WEIGHT) Double> queryWeights,
        SearchMode mode,
        Fusion fusion,
        @Size(max = 50) List<@NotBlank String> types,
        UUID contextId,
        @Size(max = 200) String userId,
        @Size(max = 200) String agentId,
        Map<String, Object> metadata,
        @DecimalMin("0.0") @DecimalMax("1.0") Double minRelevance,
        @DecimalMin("0.0") @DecimalMax("1.0") Double minImportance,
        Instant since,
        Instant until,
        @Min(1) @Max(100) Integer limit,
        Boolean explain,
        @Valid ScoreWeights weights,
        Boolean includeRelated,
        @Min(1) @Max(3) Integer maxDepth) {

    /**
     * The largest weight of one query: weights are relative, and a bound keeps them finite ({@code 1e309} parses to
     * Infinity) and keeps their sums finite too.
     */
    public static final String MAX_QUERY_WEIGHT = "1000000";

    /** A search without graph expansion (the fields before {@code includeRelated}). */
    public SearchMemoriesRequest(String query, List<String> queries, Aggregation aggregation, List<Double> queryWeights,
                                 SearchMode mode, Fusion fusion, List<String> types, UUID contextId, String userId,
                                 String agentId, Map<String, Object> metadata, Double minRelevance,
                                 Double minImportance, Instant since, Instant until, Integer limit, Boolean explain,
                                 ScoreWeights weights) {
        this(query, queries, aggregation, queryWeights, mode, fusion, types, contextId, userId, agentId, metadata,
                minRelevance, minImportance, since, until, limit, explain, weights, null, null);
    }
}
