package dev.engram.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Breadth-first expansion of search hits through the memory graph (pure; the caller loads the edges of each step).
 * <ul>
 *   <li>A memory reached over an edge from {@code p} scores {@code score(p) × strength × confidence × decay}; a
 *       search hit is {@code p} at depth 0 with its search score, so at depth d the score is
 *       {@code hitScore × Π(strength × confidence) × decay^d}.</li>
 *   <li>Every memory is reached once, at the shallowest depth; among the edges of that step the highest score wins
 *       (ties: the smaller association id). Search hits are never reached again, so cycles end by themselves.</li>
 *   <li>Only memories that are among the best {@code maxRelated} so far are expanded further: a descendant scores
 *       less than its parent, so the others could not make the final list.</li>
 * </ul>
 */
final class GraphExpansion {

    /** A memory reached from a search hit, with the path that reached it. */
    record Reached(UUID memoryId, double score, UUID fromHitId, int depth, List<String> types, List<UUID> memoryIds,
                   List<UUID> associationIds) {
    }

    private final Map<UUID, Double> seeds;
    private final double decay;
    private final int maxRelated;
    private final Map<UUID, Reached> reached = new HashMap<>();
    private Set<UUID> frontier;
    private int depth;

    GraphExpansion(Map<UUID, Double> seedScores, double decay, int maxRelated) {
        this.seeds = Map.copyOf(seedScores);
        this.decay = decay;
        this.maxRelated = maxRelated;
        this.frontier = new LinkedHashSet<>(seedScores.keySet());
    }

    /** Memories whose edges the next step follows. */
    Set<UUID> frontier() {
        return frontier;
    }

    /** Seeds and every memory reached so far: the next step need not return edges to them. */
    Set<UUID> visited() {
        Set<UUID> all = new LinkedHashSet<>(seeds.keySet());
        all.addAll(reached.keySet());
        return all;
    }

    /** Follows {@code edges} (edges whose {@code from} is not in the frontier are ignored) one step deeper. */
    void step(List<Edge> edges) {
        depth++;
        Map<UUID, Reached> best = new HashMap<>();
        Map<UUID, UUID> bestEdge = new HashMap<>();
        for (Edge e : edges) {
            if (!frontier.contains(e.from()) || seeds.containsKey(e.to()) || reached.containsKey(e.to())) {
                continue;
            }
            Reached candidate = follow(e);
            Reached current = best.get(e.to());
            if (current == null || candidate.score() > current.score()
                    || (candidate.score() == current.score() && e.associationId().compareTo(bestEdge.get(e.to())) < 0)) {
                best.put(e.to(), candidate);
                bestEdge.put(e.to(), e.associationId());
            }
        }
        reached.putAll(best);
        Set<UUID> top = new LinkedHashSet<>();
        result().forEach(r -> top.add(r.memoryId()));
        frontier = new LinkedHashSet<>();
        best.keySet().stream().filter(top::contains).sorted().forEach(frontier::add);
    }

    /** The best {@code maxRelated} memories reached, highest score first (ties: shallower, then smaller id). */
    List<Reached> result() {
        List<Reached> all = new ArrayList<>(reached.values());
        all.sort(Comparator.comparingDouble(Reached::score).reversed().thenComparingInt(Reached::depth)
                .thenComparing(Reached::memoryId));
        return all.size() > maxRelated ? List.copyOf(all.subList(0, maxRelated)) : all;
    }

    private Reached follow(Edge e) {
        Reached parent = reached.get(e.from());
        double parentScore = parent == null ? seeds.get(e.from()) : parent.score();
        List<String> types = new ArrayList<>(parent == null ? List.of() : parent.types());
        List<UUID> memoryIds = new ArrayList<>(parent == null ? List.of(e.from()) : parent.memoryIds());
        List<UUID> associationIds = new ArrayList<>(parent == null ? List.of() : parent.associationIds());
        types.add(e.type());
        memoryIds.add(e.to());
        associationIds.add(e.associationId());
        return new Reached(e.to(), parentScore * e.weight() * decay, parent == null ? e.from() : parent.fromHitId(),
                depth, List.copyOf(types), List.copyOf(memoryIds), List.copyOf(associationIds));
    }
}
