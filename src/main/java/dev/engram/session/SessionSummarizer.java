package dev.engram.session;

import dev.engram.session.api.Turn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Extractive summary of a conversation, no language model needed: the sentences with the highest promotion
 * importance (ties to the later one), at most {@code maxSentences} and {@code maxChars}, in conversation order,
 * each prefixed by its speaker's role.
 */
final class SessionSummarizer {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    private SessionSummarizer() {
    }

    record Sentence(int order, String role, String text, double score) {
    }

    static String summarize(List<Turn> turns, int maxSentences, int maxChars) {
        List<Sentence> sentences = new ArrayList<>();
        int order = 0;
        for (Turn turn : turns) {
            for (String s : SENTENCE_END.split(turn.content().strip())) {
                String text = s.strip();
                if (text.length() >= 3) {
                    sentences.add(new Sentence(order++, turn.role().json(), text,
                            PromotionImportancePolicy.importance(turn.role(), text)));
                }
            }
        }
        List<Sentence> chosen = new ArrayList<>();
        int chars = 0;
        for (Sentence s : sentences.stream().sorted(Comparator.comparingDouble(Sentence::score).reversed()
                .thenComparing(Comparator.comparingInt(Sentence::order).reversed())).toList()) {
            if (chosen.size() == maxSentences) {
                break;
            }
            if (chars + s.text().length() > maxChars && !chosen.isEmpty()) {
                continue;
            }
            chosen.add(s);
            chars += s.text().length();
        }
        chosen.sort(Comparator.comparingInt(Sentence::order));
        StringBuilder sb = new StringBuilder();
        for (Sentence s : chosen) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(s.role()).append(": ").append(s.text());
        }
        return sb.toString();
    }
}
