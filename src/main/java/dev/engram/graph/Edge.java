package dev.engram.graph;

import java.util.UUID;

/**
 * An association as seen from the memory it is followed from: {@code from} is in the current frontier, {@code to}
 * is the memory reached. For a symmetric type followed backwards, {@code from} is the stored target.
 */
record Edge(UUID associationId, UUID from, UUID to, String type, double strength, double confidence) {

    /** How much of the score flows over this edge: strength × confidence. */
    double weight() {
        return strength * confidence;
    }
}
