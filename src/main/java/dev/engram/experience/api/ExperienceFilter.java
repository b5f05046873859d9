package dev.engram.experience.api;

import java.time.Instant;

/** Filters of experience listings; null means "any". Times apply to {@code occurredAt}. */
public record ExperienceFilter(String subject, String issueType, String actor, Boolean success, Boolean verified,
                               String signature, Instant since, Instant until) {
}
