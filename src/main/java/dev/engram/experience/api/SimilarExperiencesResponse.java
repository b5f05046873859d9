package dev.engram.experience.api;

import java.util.List;

/**
 * Past experiences for an issue in four buckets, each ranked by success, then recency; an experience appears in one
 * bucket only, the first that applies: {@code exact} (same signature), {@code subject} (same subject and issue
 * type), {@code type} (same issue type), {@code semantic} (description close in meaning).
 */
public record SimilarExperiencesResponse(String signature, String subjectFamily, List<ExperienceMatch> exact,
                                         List<ExperienceMatch> subject, List<ExperienceMatch> type,
                                         List<ExperienceMatch> semantic) {
}
