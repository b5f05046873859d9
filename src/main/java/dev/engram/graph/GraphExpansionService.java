package dev.engram.graph;

import dev.engram.graph.api.GraphPath;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Contextual retrieval: expands search hits through the memory graph, one set-based query per depth, scored by
 * {@link GraphExpansion}. The associations used by the returned paths are counted off the request path.
 */
@ApplicationScoped
public class GraphExpansionService {

    /** A memory reached from a search hit: its score and how it was reached. */
    public record RelatedMemory(UUID memoryId, double score, GraphPath path) {
    }

    private final GraphRepository repository;
    private final AssociationUsageTracker usage;
    private final GraphConfig config;

    GraphExpansionService(GraphRepository repository, AssociationUsageTracker usage, GraphConfig config) {
        this.repository = repository;
        this.usage = usage;
        this.config = config;
    }

    /**
     * Memories related to {@code hitScores} (memory id → search score) within {@code maxDepth} associations, best
     * first, at most {@code engram.graph.max-related}; only the tenant's live memories, limited to {@code userId} /
     * {@code agentId} when given. The hits themselves are never returned.
     */
    public List<RelatedMemory> expand(String tenantId, Map<UUID, Double> hitScores, int maxDepth, String userId,
                                      String agentId) {
        GraphExpansion expansion = new GraphExpansion(hitScores, config.depthDecay(), config.maxRelated());
        for (int depth = 1; depth <= maxDepth && !expansion.frontier().isEmpty(); depth++) {
            expansion.step(repository.edges(tenantId, expansion.frontier(), expansion.visited(),
                    config.symmetricTypes(), userId, agentId, config.maxEdgesPerMemory()));
        }
        List<GraphExpansion.Reached> result = expansion.result();
        Set<UUID> used = new LinkedHashSet<>();
        result.forEach(r -> used.addAll(r.associationIds()));
        usage.record(used);
        return result.stream().map(r -> new RelatedMemory(r.memoryId(), r.score(),
                new GraphPath(r.fromHitId(), r.depth(), r.types(), r.memoryIds()))).toList();
    }
}
