package dev.engram.graph.api;

/** Which edges of a memory: {@code out} (it is the source), {@code in} (it is the target) or {@code both}. */
public enum Direction {
    IN, OUT, BOTH
}
