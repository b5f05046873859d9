package dev.engram.insight;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores the health of a tenant's memory from 0 to 100. Each named issue costs up to its weight, growing linearly
 * with the share of affected memories until that share reaches the issue's saturation:
 * <pre>
 *   issue                  weight  saturation  raised when
 *   expired_not_cleaned      20      10 %      any memory past expiresAt is still stored
 *   retention_overdue        15      10 %      any memory past its type's retention is still stored
 *   duplicates               20      20 %      ≥ 1 % of memories repeat another live one's content (same hash)
 *   stale_embeddings         30       5 %      any memory has no vector or one from another model than configured
 *   capacity_pressure        15   90→100 %     a type with a max capacity is ≥ 90 % full (full cost at ≥ 100 %)
 * </pre>
 * Score = 100 − the sum of the costs, rounded; status {@code healthy} (≥ 80), {@code degraded} (≥ 50) or
 * {@code unhealthy}. Severity of an issue: {@code high} at ≥ 2/3 of its weight, {@code medium} at ≥ 1/3, else
 * {@code low}.
 */
public final class MemoryHealthPolicy {

    static final double DUPLICATE_THRESHOLD = 0.01;
    static final double CAPACITY_THRESHOLD = 0.9;

    /** What the database says about the tenant's memories. */
    public record Facts(long total, long expired, long retentionOverdue, long duplicates, long staleEmbeddings,
                        String configuredModel, List<TypeUsage> capacities) {
    }

    public record TypeUsage(String type, long count, long maxCapacity) {
    }

    public record Issue(String code, String severity, String message, long affected, double cost,
                        String suggestedAction) {
    }

    public record Assessment(int score, String status, List<Issue> issues) {
    }

    public Assessment assess(Facts f) {
        List<Issue> issues = new ArrayList<>();
        if (f.total() > 0) {
            ratioIssue(issues, "expired_not_cleaned", f.expired(), f.total(), 0, 20, 0.10,
                    f.expired() + " memories are past their expiresAt but still stored (search no longer finds them; they "
                            + "still take space and count towards their type's capacity)",
                    "Run POST /v1/maintenance/cleanup, or schedule cleanup (engram.maintenance.cleanup.every or the "
                            + "`job cleanup` CronJob)");
            ratioIssue(issues, "retention_overdue", f.retentionOverdue(), f.total(), 0, 15, 0.10,
                    f.retentionOverdue() + " memories are older than their type's retention period",
                    "Run POST /v1/maintenance/cleanup, or schedule cleanup");
            ratioIssue(issues, "duplicates", f.duplicates(), f.total(), DUPLICATE_THRESHOLD, 20, 0.20,
                    f.duplicates() + " memories repeat the content of another memory",
                    "Consolidate near-duplicates (POST /v1/maintenance/consolidate) or delete the "
                            + "copies; have writers check before storing");
            ratioIssue(issues, "stale_embeddings", f.staleEmbeddings(), f.total(), 0, 30, 0.05,
                    f.staleEmbeddings() + " memories have no embedding or one from another model than "
                            + f.configuredModel() + ", so semantic search compares them wrongly",
                    "Re-embed them with the configured model (re-import, or update their content), or configure "
                            + "the model they were embedded with");
        }
        capacityIssue(issues, f.capacities());
        double cost = issues.stream().mapToDouble(Issue::cost).sum();
        int score = (int) Math.round(Math.max(0, 100 - cost));
        return new Assessment(score, score >= 80 ? "healthy" : score >= 50 ? "degraded" : "unhealthy", issues);
    }

    private static void ratioIssue(List<Issue> issues, String code, long affected, long total, double threshold,
                                   double weight, double saturation, String message, String action) {
        double ratio = (double) affected / total;
        if (affected == 0 || ratio < threshold) {
            return;
        }
        double cost = weight * Math.min(1, ratio / saturation);
        issues.add(new Issue(code, severity(cost, weight), message + " (" + percent(ratio) + " of all)", affected,
                round(cost), action));
    }

    private static void capacityIssue(List<Issue> issues, List<TypeUsage> capacities) {
        double worst = 0;
        long affected = 0;
        List<String> pressed = new ArrayList<>();
        for (TypeUsage t : capacities) {
            double usage = (double) t.count() / t.maxCapacity();
            if (usage >= CAPACITY_THRESHOLD) {
                worst = Math.max(worst, usage);
                affected += Math.max(0, t.count() - t.maxCapacity());
                pressed.add(t.type() + " " + t.count() + "/" + t.maxCapacity());
            }
        }
        if (pressed.isEmpty()) {
            return;
        }
        double weight = 15;
        double cost = weight * Math.min(1, (worst - CAPACITY_THRESHOLD) / (1 - CAPACITY_THRESHOLD));
        issues.add(new Issue("capacity_pressure", severity(cost, weight), "Memory types at or near their max capacity: "
                + String.join(", ", pressed), affected, round(cost),
                "Cleanup removes the lowest-value memories beyond a type's capacity; raise maxCapacity "
                        + "(PATCH /v1/memory-types/{code}) if the growth is wanted"));
    }

    private static String severity(double cost, double weight) {
        return cost >= weight * 2 / 3 ? "high" : cost >= weight / 3 ? "medium" : "low";
    }

    private static String percent(double ratio) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", ratio * 100);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
