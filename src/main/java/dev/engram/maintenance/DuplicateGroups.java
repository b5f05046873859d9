package dev.engram.maintenance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Groups near-duplicate pairs into connected components (union-find, pure): if A~B and B~C, then A, B and C are
 * one group even when A and C are a little less similar than the threshold. Groups and members come out sorted.
 */
final class DuplicateGroups {

    record Pair(UUID a, UUID b) {
    }

    private DuplicateGroups() {
    }

    static List<List<UUID>> of(List<Pair> pairs) {
        Map<UUID, UUID> parent = new HashMap<>();
        for (Pair p : pairs) {
            UUID ra = root(parent, p.a());
            UUID rb = root(parent, p.b());
            if (!ra.equals(rb)) {
                parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
            }
        }
        Map<UUID, List<UUID>> groups = new TreeMap<>();
        for (UUID id : parent.keySet()) {
            groups.computeIfAbsent(root(parent, id), r -> new ArrayList<>()).add(id);
        }
        List<List<UUID>> out = new ArrayList<>();
        for (List<UUID> g : groups.values()) {
            if (g.size() > 1) {
                g.sort(Comparator.naturalOrder());
                out.add(List.copyOf(g));
            }
        }
        return out;
    }

    private static UUID root(Map<UUID, UUID> parent, UUID id) {
        UUID r = id;
        parent.putIfAbsent(r, r);
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        parent.put(id, r);
        return r;
    }
}
