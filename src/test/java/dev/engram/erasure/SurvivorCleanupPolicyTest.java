package dev.engram.erasure;

import dev.engram.erasure.SurvivorCleanupPolicy.Values;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SurvivorCleanupPolicyTest {

    @Test
    void shouldDropWhatOnlyTheErasedMembersHeld() {
        Values survivor = new Values(List.of("tea", "lisbon", "a-only"), List.of("Bob", "Alice"),
                Map.of("team", "blue", "aNote", "x"));
        Values erased = new Values(List.of("a-only", "tea"), List.of("Alice"), Map.of("aNote", "x"));
        Values cleaned = SurvivorCleanupPolicy.clean(survivor, "Bob likes tea in Lisbon", List.of(erased), List.of());
        assertThat(cleaned.keywords()).containsExactly("tea", "lisbon");
        assertThat(cleaned.entities()).containsExactly("Bob");
        assertThat(cleaned.metadata()).isEqualTo(Map.of("team", "blue"));
    }

    @Test
    void shouldKeepWhatARemainingMemberOrTheSurvivorsOwnTextAccountsFor() {
        Values survivor = new Values(List.of("shared", "Friday"), List.of("Carol"), Map.of("k", 1, "owner", "b"));
        Values erased = new Values(List.of("shared", "friday"), List.of("Carol"), Map.of("k", 1, "owner", "a"));
        Values kept = new Values(List.of("shared"), List.of("Carol"), Map.of("k", 1));
        Values cleaned = SurvivorCleanupPolicy.clean(survivor, "Due on FRIDAY", List.of(erased), List.of(kept));
        assertThat(cleaned).isEqualTo(survivor);
    }

    @Test
    void shouldDropAMetadataValueTheSurvivorSharedWithTheErasedMemberAndNoOneElse() {
        Values survivor = new Values(List.of(), List.of(), Map.of("team", "blue"));
        Values erased = new Values(List.of(), List.of(), Map.of("team", "blue"));
        assertThat(SurvivorCleanupPolicy.clean(survivor, "", List.of(erased), List.of()).metadata()).isEmpty();
    }

    @Test
    void shouldNotMatchABlankKeywordAgainstAnyText() {
        Values survivor = new Values(List.of(" "), List.of(), Map.of());
        Values erased = new Values(List.of(" "), List.of(), Map.of());
        assertThat(SurvivorCleanupPolicy.clean(survivor, "a b", List.of(erased), List.of()).keywords()).isEmpty();
    }
}
