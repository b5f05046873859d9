package dev.engram.session.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Map;

/** One turn to append; {@code timestamp} defaults to the time Engram receives it. */
public record NewTurn(@NotNull Role role, @NotBlank String content, @Size(max = 200) String name,
                      Map<String, Object> metadata, Instant timestamp) {
}
