package dev.engram.extraction.api;

/**
 * A memory suggested by extraction: its {@code content} (the sentence it was found in, or the LLM's statement), the
 * built-in {@code memoryType} to store it as, the {@code category} of information, an {@code importance} in [0, 1],
 * the {@code rule} that matched ({@code llm} for the LLM extractor), the matched {@code value} (e.g. the date or name,
 * when a rule captures one) and the index of the {@code sentence} in the text (null for the LLM extractor).
 */
public record SuggestedMemory(String content, String memoryType, ExtractType category, double importance, String rule,
                              String value, Integer sentence) {
}
