package dev.engram.maintenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which memory of a group of near-duplicates survives, and what it becomes (pure). The survivor is the permanent
 * one, then the one with the highest importance × confidence, then the most accessed, then the oldest (then the
 * smallest id, so that the choice is stable). The merge sums access counts, unions keywords and entities (the
 * survivor's first), merges metadata (the survivor wins on conflicting keys), keeps the highest importance and the
 * latest expiry (none when any member has none): the superseded members are deleted with the survivor, so it must
 * not expire before any of them would have.
 */
final class SurvivorPolicy {

    /** The fields of a memory that consolidation looks at. */
    record Member(UUID id, boolean permanent, double importance, double confidence, int accessCount,
                  Instant createdAt, Instant expiresAt, List<String> keywords, List<String> entities,
                  Map<String, Object> metadata) {
    }

    /** The survivor's new values ({@code expiresAt} null: never expires). */
    record Merged(int accessCount, List<String> keywords, List<String> entities, Map<String, Object> metadata,
                  double importance, Instant expiresAt) {
    }

    static final Comparator<Member> ORDER = Comparator.comparing(Member::permanent).reversed()
            .thenComparing(Comparator.comparingDouble((Member m) -> m.importance() * m.confidence()).reversed())
            .thenComparing(Comparator.comparingInt(Member::accessCount).reversed())
            .thenComparing(Member::createdAt)
            .thenComparing(Member::id);

    private SurvivorPolicy() {
    }

    static Member survivor(List<Member> group) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("empty group");
        }
        return group.stream().min(ORDER).orElseThrow();
    }

    static Merged merge(Member survivor, List<Member> group) {
        long access = 0;
        double importance = survivor.importance();
        Instant expiresAt = survivor.expiresAt();
        Set<String> keywords = new LinkedHashSet<>(survivor.keywords());
        Set<String> entities = new LinkedHashSet<>(survivor.entities());
        Map<String, Object> metadata = new LinkedHashMap<>();
        List<Member> others = new ArrayList<>(group.stream().filter(m -> !m.id().equals(survivor.id())).toList());
        others.sort(ORDER.reversed()); // weaker first, so that stronger members win conflicts among the others
        for (Member m : others) {
            access += m.accessCount();
            importance = Math.max(importance, m.importance());
            expiresAt = expiresAt == null || m.expiresAt() == null ? null
                    : expiresAt.isAfter(m.expiresAt()) ? expiresAt : m.expiresAt();
            keywords.addAll(m.keywords());
            entities.addAll(m.entities());
            metadata.putAll(m.metadata());
        }
        access += survivor.accessCount();
        metadata.putAll(survivor.metadata());
        return new Merged((int) Math.min(Integer.MAX_VALUE, access), List.copyOf(keywords), List.copyOf(entities),
                metadata, importance, expiresAt);
    }
}
