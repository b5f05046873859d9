package dev.engram.extraction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.extraction.api.ExtractType;
import dev.engram.extraction.api.SuggestedMemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The LLM extractor's prompt and the parsing of its answer (pure; unit-tested). The answer must contain a JSON array
 * of {@code {content, category, importance}}; text around it (code fences, a preamble) is ignored. Elements of an
 * unknown or unrequested category or without content are dropped, importance is clamped to [0, 1] (0.5 when absent).
 * Anything else is not an answer: {@link #parse} throws and the caller falls back to the rules.
 */
final class LlmSuggestions {

    private LlmSuggestions() {
    }

    static String prompt(String text, Set<ExtractType> kinds) {
        List<String> names = (kinds.isEmpty() ? List.of(ExtractType.values()) : List.copyOf(kinds)).stream()
                .map(ExtractType::json).sorted().toList();
        return "Extract key information about the user from the text below, for a long-term memory. Answer with a JSON "
                + "array only, no other text. Each element: {\"content\": a short self-contained statement, "
                + "\"category\": one of " + String.join(", ", names) + ", \"importance\": a number from 0 to 1}. "
                + "Categories: preference = likes and dislikes; fact = facts about the user; work = job, company, "
                + "projects; date = dated events, deadlines, appointments; name = names of people or pets. "
                + "Answer [] when there is nothing to keep.\n\nText:\n" + text;
    }

    static List<SuggestedMemory> parse(String answer, Set<ExtractType> kinds, ObjectMapper json) {
        int start = answer == null ? -1 : answer.indexOf('[');
        int end = answer == null ? -1 : answer.lastIndexOf(']');
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the answer holds no JSON array");
        }
        JsonNode array;
        try {
            array = json.readTree(answer.substring(start, end + 1));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the answer's array is not JSON: " + e.getMessage(), e);
        }
        List<SuggestedMemory> out = new ArrayList<>();
        for (JsonNode item : array) {
            String content = item.path("content").asText("").strip();
            ExtractType kind = kind(item.path("category").asText(""));
            if (content.isEmpty() || kind == null || (!kinds.isEmpty() && !kinds.contains(kind))) {
                continue;
            }
            double importance = item.path("importance").isNumber() ? item.path("importance").asDouble() : 0.5;
            out.add(new SuggestedMemory(content, kind.memoryType(), kind, Math.max(0, Math.min(1, importance)), "llm",
                    null, null));
        }
        return out;
    }

    private static ExtractType kind(String value) {
        try {
            return ExtractType.fromJson(value.strip().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
