package dev.engram.experience.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * An issue to find past experiences for. {@code subject} + {@code issueType} (+ {@code prompt}, {@code response})
 * give the exact-signature and same-subject buckets, {@code issueType} the same-type bucket, {@code description}
 * (+ prompt) the semantic bucket. {@code limit} (default 5) applies to each bucket.
 */
public record SimilarExperiencesRequest(
        @Size(max = 200) String subject,
        @Size(max = 64) String issueType,
        @Size(max = 8000) String description,
        @Size(max = 32768) String prompt,
        @Size(max = 65536) String response,
        @Min(1) @Max(50) Integer limit) {
}
