package dev.engram.experience.api;

import java.time.Instant;
import java.util.List;

/** Totals over the tenant's experiences; the lists hold the 20 most frequent subjects and issue types. */
public record ExperienceStatsResponse(long totalExperiences, long successes, long failures, long verified,
                                      double successRate, long subjectCount, long issueTypeCount,
                                      long issuePatternCount, List<Count> subjects, List<Count> issueTypes,
                                      RecentActivity recentActivity) {

    public record Count(String name, long attempts, long successes, double successRate) {
    }

    /** Attempts whose {@code occurredAt} lies within the window before now. */
    public record RecentActivity(Instant since, Instant until, long attempts, long successes, double successRate) {
    }
}
