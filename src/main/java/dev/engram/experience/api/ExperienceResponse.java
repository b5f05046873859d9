package dev.engram.experience.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A recorded attempt with its computed subject family and issue signature. */
public record ExperienceResponse(
        UUID id, String subject, String subjectFamily, String issueType, String description, String prompt,
        String response, int responseLength, String actor, String analysis, List<String> actions, boolean success,
        boolean verified, Double durationSeconds, Map<String, Object> environment, String notes, String signature,
        Instant occurredAt, Instant createdAt, String embeddingModel) {
}
