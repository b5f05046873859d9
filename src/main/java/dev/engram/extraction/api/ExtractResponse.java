package dev.engram.extraction.api;

import java.util.List;

/** Suggestions in text order; {@code method} is {@code rules} or {@code llm} (what actually produced them). */
public record ExtractResponse(String method, List<SuggestedMemory> suggestions) {
}
