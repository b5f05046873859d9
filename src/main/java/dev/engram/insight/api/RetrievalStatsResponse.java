package dev.engram.insight.api;

import java.time.Instant;

/**
 * Retrieval statistics of the tenant, counted in the pod that answers, since {@code since} (its start).
 *
 * @param retrievals           searches answered
 * @param retrievalsWithHits   searches that found at least one memory
 * @param averageRelevance     mean score of the top hit over searches with hits (null without any)
 * @param latencyP50Millis     median search latency (null without searches)
 * @param latencyP95Millis     95th percentile search latency
 * @param cacheHits            query embeddings served from the Redis query-embedding cache
 * @param cacheMisses          query embeddings computed
 * @param cacheHitRatio        hits / (hits + misses), null before the first query
 * @param scope                always {@code pod}: the numbers are not aggregated across pods
 */
public record RetrievalStatsResponse(Instant since, long retrievals, long retrievalsWithHits, Double averageRelevance,
                                     Double latencyP50Millis, Double latencyP95Millis, long cacheHits,
                                     long cacheMisses, Double cacheHitRatio, String scope) {
}
