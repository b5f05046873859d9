package dev.engram.experience.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the experiences of one subject show. */
public record SubjectInsightsResponse(String subject, String subjectFamily, long totalAttempts, long successes,
                                      double successRate, List<IssueCount> commonIssues, List<Fix> effectiveFixes,
                                      List<HistoryItem> recentHistory) {

    /** An issue type of the subject, most frequent first. */
    public record IssueCount(String issueType, long attempts, long successes, double successRate) {
    }

    /** An action list that resolved an issue type, most successes first. */
    public record Fix(String issueType, List<String> actions, long successes) {
    }

    /** One recent attempt, newest first. */
    public record HistoryItem(UUID id, String issueType, String description, String actor, boolean success,
                              boolean verified, Instant occurredAt) {
    }
}
