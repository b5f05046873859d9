package dev.engram.learning.api;

import jakarta.validation.constraints.NotNull;

/** The outcome of applying a pattern once. */
public record RecordApplicationRequest(@NotNull Boolean success) {
}
