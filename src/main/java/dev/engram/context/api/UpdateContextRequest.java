package dev.engram.context.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Changes to a context; absent fields stay. {@code status=archived} ends it (endedAt defaults to now). The tags carry
 * the same element constraints as {@link CreateContextRequest}'s: a null or blank tag is a 400, never stored.
 */
public record UpdateContextRequest(
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Size(max = 4000) String description,
        Map<String, Object> metadata,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
        @Pattern(regexp = "^(active|archived)$", message = "must be active or archived") String status,
        Instant endedAt) {
}
