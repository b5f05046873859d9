package dev.engram.experience.api;

/** A past experience matching an issue; {@code similarity} (cosine) is set in the semantic bucket only. */
public record ExperienceMatch(Double similarity, ExperienceResponse experience) {
}
