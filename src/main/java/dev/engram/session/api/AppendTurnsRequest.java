package dev.engram.session.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/**
 * Turns appended atomically, in order. {@code userId}, {@code agentId} and {@code contextId} are remembered for the
 * session (the latest given wins); {@code ttlSeconds} sets the session's time to live within the configured bounds.
 */
public record AppendTurnsRequest(@NotEmpty List<@NotNull @Valid NewTurn> messages,
                                 @Size(max = 200) String userId, @Size(max = 200) String agentId, UUID contextId,
                                 @Positive Long ttlSeconds) {
}
