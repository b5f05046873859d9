package dev.engram.context.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A context memories are grouped in: a conversation, task, project, session, workflow, … */
public record CreateContextRequest(
        @NotBlank @Size(max = 200) String name,
        @Pattern(regexp = "^[a-z][a-z0-9_-]{0,63}$",
                message = "must be a lower-case word such as conversation, task, project, session or workflow")
        String type,
        @Size(max = 4000) String description,
        @Size(max = 200) String userId,
        @Size(max = 200) String agentId,
        Map<String, Object> metadata,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
        Instant startedAt) {
}
