package dev.engram.agentcontext;

import dev.engram.agentcontext.api.ContextItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses what fits a token budget. Sections are visited round-robin by rank — every section's best item before any
 * section's second — so a small budget still gets the best memory, the best past experience, the best knowledge
 * and the best pattern; an item that does not fit is skipped and smaller ones after it may still fit. Each section
 * header costs {@link #HEADER_TOKENS} once it has an item. Tokens are estimated as ⌈characters / 4⌉ (+1 per line).
 */
final class PromptBudget {

    static final int HEADER_TOKENS = 8;

    private PromptBudget() {
    }

    static int estimate(String line) {
        return (line.length() + 3) / 4 + 1;
    }

    /** The chosen items per section (in rank order), keyed like {@code sections}. */
    static Map<String, List<ContextItem>> choose(Map<String, List<ContextItem>> sections, int maxTokens) {
        Map<String, List<ContextItem>> chosen = new LinkedHashMap<>();
        sections.keySet().forEach(k -> chosen.put(k, new ArrayList<>()));
        int used = 0;
        int depth = sections.values().stream().mapToInt(List::size).max().orElse(0);
        for (int rank = 0; rank < depth; rank++) {
            for (Map.Entry<String, List<ContextItem>> section : sections.entrySet()) {
                if (rank >= section.getValue().size()) {
                    continue;
                }
                ContextItem item = section.getValue().get(rank);
                List<ContextItem> taken = chosen.get(section.getKey());
                int cost = item.tokens() + (taken.isEmpty() ? HEADER_TOKENS : 0);
                if (used + cost <= maxTokens) {
                    taken.add(item);
                    used += cost;
                }
            }
        }
        return chosen;
    }

    static int total(Map<String, List<ContextItem>> chosen) {
        return chosen.values().stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> HEADER_TOKENS + l.stream().mapToInt(ContextItem::tokens).sum()).sum();
    }
}
