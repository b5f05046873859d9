package dev.engram.session;

import dev.engram.session.api.Role;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Importance of a conversation turn promoted to long-term memory, in [0, 1]:
 * <ul>
 * <li>base 0.3;</li>
 * <li>+ up to 0.15 for length (0.15 at 400 characters and more);</li>
 * <li>+ 0.1 for a question;</li>
 * <li>+ 0.2 when the turn states a preference or a fact about the speaker ("I prefer", "my name is", "I work", …);</li>
 * <li>+ 0.35 when the speaker explicitly asks to remember ("remember", "don't forget", "keep in mind", "note that");</li>
 * <li>assistant turns count 80 %, system and tool turns 50 %.</li>
 * </ul>
 */
final class PromotionImportancePolicy {

    private static final List<Pattern> PREFERENCE_OR_FACT = List.of(
            Pattern.compile("\\bi (really )?(prefer|like|love|hate|dislike|enjoy|want|need|always|never|usually)\\b"),
            Pattern.compile("\\bmy (name|favou?rite|birthday|wife|husband|partner|son|daughter|job|email|address|team)\\b"),
            Pattern.compile("\\bi('m| am) (a|an|from|allergic|vegetarian|vegan|based|working|married)\\b"),
            Pattern.compile("\\bi (work|live|study|was born|have a|own)\\b"),
            Pattern.compile("\\b(please )?(always|never) (use|do|call|send|reply|answer)\\b"));
    private static final Pattern REMEMBER = Pattern.compile(
            "\\b(remember|don'?t forget|do not forget|keep in mind|note that|make a note|for future reference)\\b");

    private PromotionImportancePolicy() {
    }

    static double importance(Role role, String content) {
        String text = content.toLowerCase(Locale.ROOT);
        double score = 0.3;
        score += Math.min(0.15, content.length() / 400.0 * 0.15);
        if (content.contains("?")) {
            score += 0.1;
        }
        if (PREFERENCE_OR_FACT.stream().anyMatch(p -> p.matcher(text).find())) {
            score += 0.2;
        }
        if (REMEMBER.matcher(text).find()) {
            score += 0.35;
        }
        double roleFactor = switch (role) {
            case USER -> 1.0;
            case ASSISTANT -> 0.8;
            case SYSTEM, TOOL -> 0.5;
        };
        return Math.max(0, Math.min(1, score * roleFactor));
    }
}
