package dev.engram.insight;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryHealthPolicyTest {

    private final MemoryHealthPolicy policy = new MemoryHealthPolicy();

    private static MemoryHealthPolicy.Facts facts(long total, long expired, long overdue, long duplicates, long stale,
                                                  MemoryHealthPolicy.TypeUsage... capacities) {
        return new MemoryHealthPolicy.Facts(total, expired, overdue, duplicates, stale, "all-minilm-l6-v2-q",
                List.of(capacities));
    }

    @Test
    void shouldScoreACleanMemoryAndAnEmptyOneAsFullyHealthy() {
        assertThat(policy.assess(facts(1000, 0, 0, 0, 0)).score()).isEqualTo(100);
        MemoryHealthPolicy.Assessment empty = policy.assess(facts(0, 0, 0, 0, 0));
        assertThat(empty.score()).isEqualTo(100);
        assertThat(empty.status()).isEqualTo("healthy");
        assertThat(empty.issues()).isEmpty();
    }

    @Test
    void shouldCostEachIssueInProportionUpToItsWeight() {
        MemoryHealthPolicy.Assessment a = policy.assess(facts(1000, 50, 0, 0, 0));
        assertThat(a.issues()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("expired_not_cleaned");
            assertThat(i.affected()).isEqualTo(50);
            assertThat(i.cost()).isEqualTo(10.0); // 5 % of a 10 % saturation × weight 20
            assertThat(i.severity()).isEqualTo("medium");
            assertThat(i.suggestedAction()).contains("/v1/maintenance/cleanup");
        });
        assertThat(a.score()).isEqualTo(90);
        assertThat(policy.assess(facts(1000, 900, 0, 0, 0)).score()).as("capped at the weight").isEqualTo(80);
    }

    @Test
    void shouldIgnoreAFewDuplicatesButNotMany() {
        assertThat(policy.assess(facts(1000, 0, 0, 5, 0)).issues()).isEmpty();
        MemoryHealthPolicy.Assessment a = policy.assess(facts(1000, 0, 0, 200, 0));
        assertThat(a.issues()).extracting(MemoryHealthPolicy.Issue::code).containsExactly("duplicates");
        assertThat(a.score()).isEqualTo(80);
    }

    @Test
    void shouldWeighStaleEmbeddingsHeaviest() {
        MemoryHealthPolicy.Assessment a = policy.assess(facts(100, 0, 0, 0, 10));
        assertThat(a.issues()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("stale_embeddings");
            assertThat(i.severity()).isEqualTo("high");
            assertThat(i.message()).contains("all-minilm-l6-v2-q");
        });
        assertThat(a.score()).isEqualTo(70);
        assertThat(a.status()).isEqualTo("degraded");
    }

    @Test
    void shouldReportCapacityPressureFromNinetyPercent() {
        assertThat(policy.assess(facts(100, 0, 0, 0, 0, new MemoryHealthPolicy.TypeUsage("note", 80, 100))).issues())
                .isEmpty();
        MemoryHealthPolicy.Assessment a = policy.assess(facts(100, 0, 0, 0, 0,
                new MemoryHealthPolicy.TypeUsage("note", 95, 100), new MemoryHealthPolicy.TypeUsage("todo", 12, 10)));
        assertThat(a.issues()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("capacity_pressure");
            assertThat(i.message()).contains("note 95/100").contains("todo 12/10");
            assertThat(i.affected()).isEqualTo(2);
            assertThat(i.cost()).isEqualTo(15.0);
        });
    }

    @Test
    void shouldAddUpIssuesIntoAnUnhealthyScore() {
        MemoryHealthPolicy.Assessment a = policy.assess(facts(100, 20, 20, 30, 10,
                new MemoryHealthPolicy.TypeUsage("note", 10, 10)));
        assertThat(a.issues()).extracting(MemoryHealthPolicy.Issue::code).containsExactly("expired_not_cleaned",
                "retention_overdue", "duplicates", "stale_embeddings", "capacity_pressure");
        assertThat(a.score()).isEqualTo(0);
        assertThat(a.status()).isEqualTo("unhealthy");
    }
}
