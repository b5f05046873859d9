package dev.engram.maintenance;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SurvivorPolicyTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static SurvivorPolicy.Member m(String id, boolean permanent, double importance, double confidence,
                                           int access, Instant created) {
        return new SurvivorPolicy.Member(UUID.fromString("00000000-0000-0000-0000-00000000000" + id), permanent,
                importance, confidence, access, created, null, List.of(), List.of(), Map.of());
    }

    @Test
    void shouldPreferPermanentThenImportanceTimesConfidenceThenAccessThenOldest() {
        SurvivorPolicy.Member permanent = m("1", true, 0.1, 0.1, 0, T.plusSeconds(9));
        SurvivorPolicy.Member valuable = m("2", false, 0.9, 1.0, 0, T.plusSeconds(5));
        SurvivorPolicy.Member unsure = m("3", false, 1.0, 0.5, 100, T);
        assertThat(SurvivorPolicy.survivor(List.of(valuable, unsure, permanent))).isEqualTo(permanent);
        assertThat(SurvivorPolicy.survivor(List.of(unsure, valuable))).as("0.9 × 1.0 beats 1.0 × 0.5").isEqualTo(valuable);

        SurvivorPolicy.Member used = m("4", false, 0.5, 1.0, 7, T.plusSeconds(5));
        SurvivorPolicy.Member unused = m("5", false, 0.5, 1.0, 2, T);
        assertThat(SurvivorPolicy.survivor(List.of(unused, used))).isEqualTo(used);

        SurvivorPolicy.Member older = m("6", false, 0.5, 1.0, 2, T);
        SurvivorPolicy.Member newer = m("7", false, 0.5, 1.0, 2, T.plusSeconds(1));
        assertThat(SurvivorPolicy.survivor(List.of(newer, older))).isEqualTo(older);
        SurvivorPolicy.Member twin = m("8", false, 0.5, 1.0, 2, T);
        assertThat(SurvivorPolicy.survivor(List.of(twin, older))).as("stable: smallest id on a full tie").isEqualTo(older);
        assertThatThrownBy(() -> SurvivorPolicy.survivor(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSumAccessUnionKeywordsAndEntitiesKeepMaxImportanceAndLetTheSurvivorWinMetadata() {
        SurvivorPolicy.Member survivor = new SurvivorPolicy.Member(UUID.randomUUID(), true, 0.3, 1.0, 4, T, null,
                List.of("meeting", "thursday"), List.of("Ana"), Map.of("room", "A", "source", "chat"));
        SurvivorPolicy.Member other = new SurvivorPolicy.Member(UUID.randomUUID(), false, 0.8, 1.0, 3, T.plusSeconds(1), null,
                List.of("thursday", "10am"), List.of("Ben", "Ana"), Map.of("room", "B", "priority", 2));
        SurvivorPolicy.Member third = new SurvivorPolicy.Member(UUID.randomUUID(), false, 0.2, 1.0, 0, T.plusSeconds(2), null,
                List.of(), List.of(), Map.of("priority", 1, "lang", "en"));

        SurvivorPolicy.Merged merged = SurvivorPolicy.merge(survivor, List.of(other, survivor, third));

        assertThat(merged.accessCount()).isEqualTo(7);
        assertThat(merged.importance()).isEqualTo(0.8);
        assertThat(merged.keywords()).containsExactly("meeting", "thursday", "10am");
        assertThat(merged.entities()).containsExactly("Ana", "Ben");
        assertThat(merged.metadata()).containsExactlyInAnyOrderEntriesOf(
                Map.of("room", "A", "source", "chat", "priority", 2, "lang", "en"));
    }

    @Test
    void shouldKeepTheLatestExpiryAndNoneWhenAnyMemberNeverExpires() {
        SurvivorPolicy.Member soon = expiring("1", 0.9, T.plusSeconds(60));
        SurvivorPolicy.Member later = expiring("2", 0.5, T.plusSeconds(3600));
        SurvivorPolicy.Member never = expiring("3", 0.1, null);
        assertThat(SurvivorPolicy.survivor(List.of(later, soon))).as("expiry does not choose").isEqualTo(soon);
        assertThat(SurvivorPolicy.merge(soon, List.of(soon, later)).expiresAt()).isEqualTo(T.plusSeconds(3600));
        assertThat(SurvivorPolicy.merge(soon, List.of(later, soon, never)).expiresAt()).isNull();
        assertThat(SurvivorPolicy.merge(never, List.of(never, soon)).expiresAt()).isNull();
    }

    private static SurvivorPolicy.Member expiring(String id, double importance, Instant expiresAt) {
        return new SurvivorPolicy.Member(UUID.fromString("00000000-0000-0000-0000-00000000000" + id), false,
                importance, 1.0, 0, T, expiresAt, List.of(), List.of(), Map.of());
    }

    @Test
    void shouldGroupPairsIntoConnectedComponents() {
        UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        UUID c = UUID.fromString("00000000-0000-0000-0000-00000000000c");
        UUID d = UUID.fromString("00000000-0000-0000-0000-00000000000d");
        UUID e = UUID.fromString("00000000-0000-0000-0000-00000000000e");
        List<List<UUID>> groups = DuplicateGroups.of(List.of(new DuplicateGroups.Pair(c, b),
                new DuplicateGroups.Pair(b, c), new DuplicateGroups.Pair(a, b), new DuplicateGroups.Pair(e, d)));
        assertThat(groups).containsExactly(List.of(a, b, c), List.of(d, e));
        assertThat(DuplicateGroups.of(List.of())).isEmpty();
    }
}
