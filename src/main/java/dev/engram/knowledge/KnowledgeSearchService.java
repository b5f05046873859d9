package dev.engram.knowledge;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.QueryEmbeddingCache;
import dev.engram.knowledge.api.KnowledgeHit;
import dev.engram.knowledge.api.SearchKnowledgeRequest;
import dev.engram.knowledge.api.SearchKnowledgeResponse;
import dev.engram.memory.VectorConverter;
import dev.engram.platform.PageCursor;
import dev.engram.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Semantic and tag search over a tenant's active knowledge entries; usable from other features (e.g. a context
 * builder) through {@link #search(String, SearchKnowledgeRequest)}.
 */
@ApplicationScoped
public class KnowledgeSearchService {

    /** pgvector hnsw.ef_search for knowledge searches (raised to the limit when smaller). */
    private static final int EF_SEARCH = 100;

    private final KnowledgeQueryRepository queries;
    private final KnowledgeRepository repository;
    private final QueryEmbeddingCache queryEmbeddings;
    private final Embedder embedder;
    private final KnowledgeUsageTracker usage;

    KnowledgeSearchService(KnowledgeQueryRepository queries, KnowledgeRepository repository,
                           QueryEmbeddingCache queryEmbeddings, Embedder embedder, KnowledgeUsageTracker usage) {
        this.queries = queries;
        this.repository = repository;
        this.queryEmbeddings = queryEmbeddings;
        this.embedder = embedder;
        this.usage = usage;
    }

    /**
     * Active entries of the tenant matching the filters (domain, knowledgeType, every given tag). With a query they
     * are ranked by cosine similarity (HNSW) and those below {@code minSimilarity} are dropped; without one
     * (tags only) the newest come first. Returned entries count as used (batched, off the request).
     */
    public SearchKnowledgeResponse search(String tenantId, SearchKnowledgeRequest r) {
        long started = System.nanoTime();
        boolean semantic = r.query() != null && !r.query().isBlank();
        if (!semantic && (r.tags() == null || r.tags().isEmpty())) {
            throw ProblemException.invalidField("query", "give a query, tags, or both");
        }
        int limit = r.limit() == null ? 10 : r.limit();
        KnowledgeQueryRepository.Filter filter = new KnowledgeQueryRepository.Filter(blankToNull(r.domain()),
                blankToNull(r.knowledgeType()), r.tags() == null ? null : KnowledgeTagger.normalise(r.tags()), true);
        Map<UUID, Double> found;
        if (semantic) {
            float[] vector = queryEmbeddings.embed(tenantId, List.of(r.query())).get(0);
            found = queries.nearest(tenantId, filter, VectorConverter.toText(vector), limit, EF_SEARCH);
        } else {
            found = new java.util.LinkedHashMap<>();
            for (UUID id : queries.page(tenantId, filter, (PageCursor) null, limit)) {
                found.put(id, null);
            }
        }
        List<KnowledgeHit> hits = new ArrayList<>();
        for (KnowledgeEntity e : repository.findInTenantOrdered(tenantId, List.copyOf(found.keySet()))) {
            Double similarity = found.get(e.id);
            if (similarity == null || r.minSimilarity() == null || similarity >= r.minSimilarity()) {
                hits.add(new KnowledgeHit(similarity, KnowledgeMapper.toResponse(e)));
            }
        }
        usage.record(hits.stream().map(h -> h.entry().id()).toList());
        return new SearchKnowledgeResponse(hits, embedder.modelName(), (System.nanoTime() - started) / 1_000_000);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
