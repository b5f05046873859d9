package dev.engram.experience.api;

import java.util.List;

/** The most effective single actions per issue type, most successes first (then success rate). */
public record StrategiesResponse(List<IssueStrategies> issueTypes) {

    public record IssueStrategies(String issueType, long attempts, long successes, double successRate,
                                  List<ActionStats> actions) {
    }

    /** How often an action was part of an attempt at this issue type, and how often that attempt succeeded. */
    public record ActionStats(String action, long attempts, long successes, double successRate) {
    }
}
