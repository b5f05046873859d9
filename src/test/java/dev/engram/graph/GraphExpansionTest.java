package dev.engram.graph;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GraphExpansionTest {

    private static final UUID A = id(1), B = id(2), C = id(3), D = id(4), E = id(5);

    private static UUID id(int n) {
        return new UUID(0, n);
    }

    private static Edge edge(int n, UUID from, UUID to, String type, double strength) {
        return new Edge(id(100 + n), from, to, type, strength, 1.0);
    }

    /** The cycle A→B→C→A as the repository would return it for any frontier. */
    private static List<Edge> cycle() {
        return List.of(edge(1, A, B, "causes", 0.9), edge(2, B, C, "causes", 0.8), edge(3, C, A, "causes", 0.9));
    }

    private static List<GraphExpansion.Reached> expand(Map<UUID, Double> seeds, int depth, int maxRelated, List<Edge> edges) {
        GraphExpansion x = new GraphExpansion(seeds, 0.5, maxRelated);
        for (int d = 1; d <= depth && !x.frontier().isEmpty(); d++) {
            x.step(edges);
        }
        return x.result();
    }

    @Test
    void depthOneReachesOnlyDirectNeighbours() {
        List<GraphExpansion.Reached> r = expand(Map.of(A, 0.8), 1, 10, cycle());
        assertThat(r).extracting(GraphExpansion.Reached::memoryId).containsExactly(B);
        GraphExpansion.Reached b = r.get(0);
        assertThat(b.score()).isCloseTo(0.8 * 0.9 * 0.5, within(1e-12));
        assertThat(b.depth()).isEqualTo(1);
        assertThat(b.fromHitId()).isEqualTo(A);
        assertThat(b.types()).containsExactly("causes");
        assertThat(b.memoryIds()).containsExactly(A, B);
        assertThat(b.associationIds()).containsExactly(id(101));
    }

    @Test
    void depthTwoFollowsTheChainWithDecayAndStopsAtTheCycle() {
        List<GraphExpansion.Reached> two = expand(Map.of(A, 0.8), 2, 10, cycle());
        assertThat(two).extracting(GraphExpansion.Reached::memoryId).containsExactly(B, C);
        GraphExpansion.Reached c = two.get(1);
        assertThat(c.score()).isCloseTo(0.8 * 0.9 * 0.5 * 0.8 * 0.5, within(1e-12));
        assertThat(c.depth()).isEqualTo(2);
        assertThat(c.memoryIds()).containsExactly(A, B, C);
        assertThat(c.types()).containsExactly("causes", "causes");
        // depth 3 would reach A again: a hit is never a related memory, so nothing changes and the expansion ends
        assertThat(expand(Map.of(A, 0.8), 3, 10, cycle())).isEqualTo(two);
    }

    @Test
    void confidenceWeighsTheEdge() {
        GraphExpansion x = new GraphExpansion(Map.of(A, 1.0), 0.5, 10);
        x.step(List.of(new Edge(id(101), A, B, "supports", 0.8, 0.5)));
        assertThat(x.result().get(0).score()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void aMemoryIsReachedOnceAtTheShallowestDepthWithTheBestEdge() {
        // A→B (weak), A→C (strong), C→B (strong): B stays at depth 1 with the weak edge's score
        List<Edge> edges = List.of(edge(1, A, B, "related", 0.2), edge(2, A, C, "related", 1.0),
                edge(3, C, B, "related", 1.0), edge(4, D, B, "related", 0.9));
        List<GraphExpansion.Reached> r = expand(Map.of(A, 1.0, D, 0.5), 2, 10, edges);
        GraphExpansion.Reached b = r.stream().filter(x -> x.memoryId().equals(B)).findFirst().orElseThrow();
        assertThat(b.depth()).isEqualTo(1);
        assertThat(b.fromHitId()).isEqualTo(D); // 0.5 × 0.9 beats 1.0 × 0.2
        assertThat(b.score()).isCloseTo(0.5 * 0.9 * 0.5, within(1e-12));
        assertThat(r).extracting(GraphExpansion.Reached::memoryId).containsExactly(C, B);
    }

    @Test
    void resultIsCappedAndOrderedByScoreAndOnlyTheBestAreExpanded() {
        // A reaches B (0.9), C (0.8), D (0.1); D→E would only give 0.1 × …, below the cap of 2
        List<Edge> edges = List.of(edge(1, A, B, "related", 0.9), edge(2, A, C, "related", 0.8),
                edge(3, A, D, "related", 0.1), edge(4, D, E, "related", 1.0));
        GraphExpansion x = new GraphExpansion(Map.of(A, 1.0), 0.5, 2);
        x.step(edges);
        assertThat(x.frontier()).containsExactlyInAnyOrder(B, C);
        x.step(edges);
        assertThat(x.result()).extracting(GraphExpansion.Reached::memoryId).containsExactly(B, C);
    }

    @Test
    void hitsAreNeverRelatedHits() {
        List<GraphExpansion.Reached> r = expand(Map.of(A, 1.0, B, 0.9), 2, 10, cycle());
        assertThat(r).extracting(GraphExpansion.Reached::memoryId).containsExactly(C);
        assertThat(r.get(0).fromHitId()).isEqualTo(B);
    }
}
