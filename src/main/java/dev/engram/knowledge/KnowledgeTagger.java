package dev.engram.knowledge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives categories and tags of a knowledge entry when the client gives none (pure).
 * <ul>
 *   <li>Categories: the normalised domain, then the knowledge type.</li>
 *   <li>Tags: keywords of name and description — lower-case words of at least three letters that are not stop words
 *       and not numbers; a word in the name counts twice; most frequent first, ties in order of first appearance.</li>
 * </ul>
 * Given categories and tags are only normalised: trimmed, lower-case, without duplicates.
 */
final class KnowledgeTagger {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_+#-]*");
    private static final Set<String> STOP_WORDS = Set.of(
            "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our",
            "out", "has", "his", "how", "its", "may", "new", "now", "see", "who", "did", "get", "let", "use", "via",
            "with", "that", "this", "from", "they", "will", "would", "there", "their", "what", "when", "where", "which",
            "while", "about", "into", "than", "then", "them", "these", "those", "been", "being", "have", "were", "each",
            "other", "some", "such", "only", "also", "over", "under", "after", "before", "more", "most", "very", "just",
            "should", "could", "must", "does", "your", "yours", "why", "because", "between", "through", "during",
            "always", "never", "every", "using", "used", "uses");

    private KnowledgeTagger() {
    }

    /** The given categories normalised, or the derived ones (domain, type) when none are given. */
    static List<String> categories(Collection<String> given, String knowledgeType, String domain) {
        if (given != null && !given.isEmpty()) {
            return normalise(given);
        }
        List<String> derived = new ArrayList<>();
        if (domain != null && !domain.isBlank()) {
            derived.add(domain);
        }
        derived.add(knowledgeType);
        return normalise(derived);
    }

    /** The given tags normalised, or up to {@code max} keywords of name and description when none are given. */
    static List<String> tags(Collection<String> given, String name, String description, int max) {
        if (given != null && !given.isEmpty()) {
            return normalise(given);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        count(name, 2, counts);
        count(description, 1, counts);
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()) // stable: first appearance on ties
                .limit(max).map(Map.Entry::getKey).toList();
    }

    static List<String> normalise(Collection<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static void count(String text, int weight, Map<String, Integer> counts) {
        if (text == null) {
            return;
        }
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String word = m.group();
            if (word.length() >= 3 && !STOP_WORDS.contains(word) && !word.chars().allMatch(Character::isDigit)) {
                counts.merge(word, weight, Integer::sum);
            }
        }
    }
}
