package dev.engram.memory.api;

import java.util.UUID;

/** How a memory's importance and confidence changed. */
public record ScoreChange(UUID memoryId, Scores before, Scores after) {
}
