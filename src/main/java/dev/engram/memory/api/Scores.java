package dev.engram.memory.api;

/** A memory's importance and confidence, both in [0, 1]. */
public record Scores(double importance, double confidence) {
}
