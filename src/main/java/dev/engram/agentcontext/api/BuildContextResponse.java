package dev.engram.agentcontext.api;

import java.util.List;

/**
 * Prompt-ready context: the chosen items per section (structured) and {@code text}, their rendering, whose estimated
 * size {@code tokens} never exceeds {@code maxTokens}; {@code omitted} counts candidates the budget left out.
 */
public record BuildContextResponse(String query, List<ContextItem> memories, List<ContextItem> experiences,
                                   List<ContextItem> knowledge, List<ContextItem> patterns, int tokens, int maxTokens,
                                   int omitted, String text) {
}
