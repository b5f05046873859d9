package dev.engram.agentcontext.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * What an agent is about to do: a {@code query} (the task or question) and/or an {@code issue} (subject, issue type,
 * description, prompt — as for similar experiences). {@code maxTokens} bounds the rendered text; the {@code max…}
 * counts bound each section before the budget is applied.
 */
public record BuildContextRequest(
        @Size(max = 4000) String query,
        @Valid IssueDescription issue,
        @Size(max = 200) String userId,
        @Size(max = 200) String agentId,
        @Min(50) @Max(32000) Integer maxTokens,
        @Min(0) @Max(50) Integer maxMemories,
        @Min(0) @Max(20) Integer maxExperiences,
        @Min(0) @Max(20) Integer maxPatterns,
        @Min(0) @Max(20) Integer maxKnowledge) {

    /** An issue to find past experiences for. */
    public record IssueDescription(@Size(max = 200) String subject, @Size(max = 64) String issueType,
                                   @Size(max = 8000) String description, @Size(max = 32768) String prompt) {
    }
}
