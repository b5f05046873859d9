package dev.engram.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.QueryEmbeddingCache;
import dev.engram.event.EventPublisher;
import dev.engram.event.EventType;
import dev.engram.insight.RetrievalStats;
import dev.engram.graph.GraphExpansionService;
import dev.engram.memory.MemoryService;
import dev.engram.memory.VectorConverter;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.platform.ProblemException;
import dev.engram.search.api.Aggregation;
import dev.engram.search.api.Fusion;
import dev.engram.search.api.MemoryHit;
import dev.engram.search.api.RelatedHit;
import dev.engram.search.api.ScoreExplain;
import dev.engram.search.api.ScoreWeights;
import dev.engram.search.api.SearchMemoriesRequest;
import dev.engram.search.api.SearchMemoriesResponse;
import dev.engram.search.api.SearchMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Semantic, keyword and hybrid search over long-term memories: embed the queries (one batch), fetch candidates from
 * both indexes in one statement per query (a semantic search from the vector index only, without keyword statistics
 * or BM25), load the memories in one query, rank them with {@link RankingPolicy}, and count the retrievals off the
 * request path.
 */
@ApplicationScoped
public class SearchService {

    private final SearchRepository repository;
    private final MemoryService memories;
    private final Embedder embedder;
    private final QueryEmbeddingCache queryEmbeddings;
    private final GraphExpansionService graph;
    private final SearchConfig config;
    private final RankingPolicy policy;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<SearchMode, Timer> timers = new java.util.EnumMap<>(SearchMode.class);
    private final RetrievalStats retrievals;
    private final EventPublisher events;
    private final CandidateSql.Bm25 bm25;
    private final KeywordStatistics keywordStatistics;

    SearchService(SearchRepository repository, MemoryService memories, Embedder embedder,
                  QueryEmbeddingCache queryEmbeddings, SearchConfig config,
                  ObjectMapper json, Clock clock, MeterRegistry registry, GraphExpansionService graph,
                  RetrievalStats retrievals, EventPublisher events, KeywordStatistics keywordStatistics) {
        this.graph = graph;
        this.repository = repository;
        this.memories = memories;
        this.embedder = embedder;
        this.queryEmbeddings = queryEmbeddings;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.retrievals = retrievals;
        this.events = events;
        for (SearchMode m : SearchMode.values()) {
            timers.put(m, Timer.builder("engram.search").description("Time to answer a memory search")
                    .tag("mode", m.name().toLowerCase()).publishPercentileHistogram().register(registry));
        }
        this.policy = new RankingPolicy(config.recencyHalfLife(), config.frequencySaturation(), config.semanticShare(),
                config.rrfK());
        this.bm25 = new CandidateSql.Bm25(config.bm25K1(), config.bm25B(), config.keywordMatchBudget());
        this.keywordStatistics = keywordStatistics;
    }

    public SearchMemoriesResponse search(String tenantId, SearchMemoriesRequest r) {
        long started = System.nanoTime();
        Map<String, Double> weightedQueries = queries(r);
        List<String> queries = List.copyOf(weightedQueries.keySet());
        List<Double> queryWeights = List.copyOf(weightedQueries.values());
        SearchMode mode = r.mode() == null ? SearchMode.HYBRID : r.mode();
        Fusion fusion = r.fusion() == null ? Fusion.WEIGHTED : r.fusion();
        int limit = r.limit() == null ? 10 : r.limit();
        int perIndex = Math.max(config.minCandidates(), limit * config.candidateFactor());
        SearchFilter filter = new SearchFilter(tenantId, r.types(), r.contextId(), r.userId(), r.agentId(),
                metadataJson(r.metadata()), r.minImportance(), r.since(), r.until());

        if (mode != SearchMode.SEMANTIC) {
            keywordStatistics.refreshIfStale(tenantId);
        }
        // Keyword mode ranks by full text only: the queries are not embedded (similarity is reported as 0).
        List<float[]> vectors = mode == SearchMode.KEYWORD ? null : queryEmbeddings.embed(tenantId, queries);
        List<Map<UUID, Double>> relevanceByQuery = new ArrayList<>();
        List<Map<UUID, Integer>> positionByQuery = new ArrayList<>();
        Map<UUID, Signals> signals = new HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            List<Candidate> candidates = repository.candidates(filter, mode,
                    vectors == null ? null : VectorConverter.toText(vectors.get(i)),
                    queries.get(i), perIndex, config.efSearch(), bm25);
            Map<UUID, Double> relevance = policy.relevance(candidates, mode, fusion);
            relevanceByQuery.add(relevance);
            positionByQuery.add(positions(relevance));
            for (Candidate c : candidates) {
                signals.merge(c.id(), new Signals(c, c.similarity(), c.keywordRank()), Signals::max);
            }
        }
        Aggregation aggregation = r.aggregation() == null ? Aggregation.MAX : r.aggregation();
        List<Scored> top = rank(signals, relevanceByQuery, positionByQuery, aggregation, queryWeights, r, limit);
        Map<UUID, MemoryResponse> loaded = memories.findByIds(tenantId, top.stream().map(t -> t.signals().candidate().id()).toList());
        boolean explain = Boolean.TRUE.equals(r.explain());
        List<MemoryHit> hits = new ArrayList<>(top.size());
        for (Scored t : top) {
            MemoryResponse m = loaded.get(t.signals().candidate().id());
            if (m != null) { // deleted between the two queries
                RankingPolicy.Breakdown b = t.breakdown();
                hits.add(new MemoryHit(b.score(), m, explain ? new ScoreExplain(t.signals().similarity(),
                        t.signals().keywordRank(), b.components(), b.weights(), b.contributions()) : null));
            }
        }
        List<UUID> hitIds = hits.stream().map(h -> h.memory().id()).toList();
        memories.recordAccess(tenantId, hitIds);
        List<RelatedHit> related = Boolean.TRUE.equals(r.includeRelated()) ? related(tenantId, hits, r) : null;
        long took = System.nanoTime() - started;
        timers.get(mode).record(took, java.util.concurrent.TimeUnit.NANOSECONDS);
        retrievals.record(tenantId, took, hits.isEmpty() ? null : hits.get(0).score());
        if (!hitIds.isEmpty()) {
            events.publish(tenantId, EventType.MEMORY_RETRIEVED, Map.of("memoryIds",
                    hitIds.stream().map(UUID::toString).toList(), "mode", mode.name().toLowerCase()));
        }
        return new SearchMemoriesResponse(hits, mode.name().toLowerCase(), embedder.modelName(),
                (System.nanoTime() - started) / 1_000_000, related);
    }

    /** Memories reached from the hits through the graph (scoped to the search's user/agent), best first. */
    private List<RelatedHit> related(String tenantId, List<MemoryHit> hits, SearchMemoriesRequest r) {
        Map<UUID, Double> seeds = new LinkedHashMap<>();
        hits.forEach(h -> seeds.put(h.memory().id(), h.score()));
        List<GraphExpansionService.RelatedMemory> reached = graph.expand(tenantId, seeds,
                r.maxDepth() == null ? 1 : r.maxDepth(), r.userId(), r.agentId());
        Map<UUID, MemoryResponse> loaded = memories.findByIds(tenantId,
                reached.stream().map(GraphExpansionService.RelatedMemory::memoryId).toList());
        List<RelatedHit> related = new ArrayList<>(reached.size());
        for (GraphExpansionService.RelatedMemory m : reached) {
            MemoryResponse memory = loaded.get(m.memoryId());
            if (memory != null) { // deleted meanwhile
                related.add(new RelatedHit(m.score(), memory, m.path()));
            }
        }
        memories.recordAccess(tenantId, related.stream().map(h -> h.memory().id()).toList());
        return related;
    }

    /** A candidate with its best similarity and keyword rank over all queries. */
    private record Signals(Candidate candidate, double similarity, double keywordRank) {
        static Signals max(Signals a, Signals b) {
            return new Signals(a.candidate(), Math.max(a.similarity(), b.similarity()),
                    Math.max(a.keywordRank(), b.keywordRank()));
        }
    }

    private record Scored(Signals signals, RankingPolicy.Breakdown breakdown) {
    }

    /** Scores every candidate from the candidate query's columns and keeps the best {@code limit}. */
    private List<Scored> rank(Map<UUID, Signals> signals, List<Map<UUID, Double>> relevanceByQuery,
                              List<Map<UUID, Integer>> positionByQuery, Aggregation aggregation,
                              List<Double> queryWeights, SearchMemoriesRequest r, int limit) {
        Weights weights = weights(r.weights());
        Instant now = clock.instant();
        List<Scored> scored = new ArrayList<>();
        for (Signals s : signals.values()) {
            Candidate c = s.candidate();
            List<Double> perQuery = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < relevanceByQuery.size(); i++) {
                perQuery.add(relevanceByQuery.get(i).get(c.id()));
                positions.add(positionByQuery.get(i).getOrDefault(c.id(), 0));
            }
            double relevance = perQuery.size() == 1 ? (perQuery.get(0) == null ? 0 : perQuery.get(0))
                    : policy.aggregate(aggregation, perQuery, positions, queryWeights);
            if (r.minRelevance() != null && relevance < r.minRelevance()) {
                continue;
            }
            scored.add(new Scored(s, policy.score(relevance, c.occurredAt(), c.accessCount(), c.importance(),
                    c.confidence(), weights, now)));
        }
        scored.sort(Comparator.comparingDouble((Scored t) -> t.breakdown().score()).reversed()
                .thenComparing(t -> t.signals().candidate().id()));
        return scored.size() > limit ? List.copyOf(scored.subList(0, limit)) : scored;
    }

    private static Map<UUID, Integer> positions(Map<UUID, Double> relevance) {
        List<Map.Entry<UUID, Double>> sorted = new ArrayList<>(relevance.entrySet());
        sorted.sort(Map.Entry.<UUID, Double>comparingByValue().reversed());
        Map<UUID, Integer> out = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            out.put(sorted.get(i).getKey(), i + 1);
        }
        return out;
    }

    private Weights weights(ScoreWeights w) {
        if (w == null) {
            return new Weights(config.relevanceWeight(), config.recencyWeight(), config.frequencyWeight(),
                    config.importanceWeight());
        }
        return new Weights(
                w.relevance() == null ? config.relevanceWeight() : w.relevance(),
                w.recency() == null ? config.recencyWeight() : w.recency(),
                w.frequency() == null ? config.frequencyWeight() : w.frequency(),
                w.importance() == null ? config.importanceWeight() : w.importance());
    }

    /**
     * The distinct query texts ({@code query} first) with their weights: {@code queryWeights[i]} weighs
     * {@code queries[i]} (1 without weights); a text given more than once gets the sum of its weights, as if each
     * copy were searched.
     */
    private static Map<String, Double> queries(SearchMemoriesRequest r) {
        boolean single = r.query() != null && !r.query().isBlank();
        if (r.queryWeights() != null && single) {
            throw invalid("queryWeights", "weigh the entries of queries only; put query into queries to weigh it");
        }
        if (r.queryWeights() != null && (r.queries() == null || r.queryWeights().size() != r.queries().size())) {
            throw invalid("queryWeights", "must have one weight per entry of queries");
        }
        Map<String, Double> all = new LinkedHashMap<>();
        if (single) {
            all.put(r.query(), 1.0);
        }
        for (int i = 0; r.queries() != null && i < r.queries().size(); i++) {
            all.merge(r.queries().get(i), r.queryWeights() == null ? 1.0 : r.queryWeights().get(i), Double::sum);
        }
        if (all.isEmpty()) {
            throw invalid("query", "give query, or queries with at least one non-blank entry");
        }
        return all;
    }

    private String metadataJson(Map<String, Object> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw invalid("metadata", "must be a JSON object");
        }
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalidField(field, message);
    }
}
