package dev.engram.agentcontext.api;

import java.util.UUID;

/**
 * One piece of context: its kind ({@code memory}, {@code experience}, {@code knowledge}, {@code pattern}), the id of
 * its source, a score in the source's own scale, the line it contributes to the text, its estimated tokens, and the
 * source record itself.
 */
public record ContextItem(String kind, UUID id, Double score, String text, int tokens, Object source) {
}
