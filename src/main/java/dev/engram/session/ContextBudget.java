package dev.engram.session;

import dev.engram.session.api.Turn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Chooses the most recent turns that fit a budget of messages and estimated tokens. Tokens are estimated as
 * ⌈characters / 4⌉ + 4 per message (role and separators), the usual rule of thumb for English text with
 * BPE tokenizers; the newest turn is always kept when it alone fits.
 */
final class ContextBudget {

    private ContextBudget() {
    }

    static int estimateTokens(String text) {
        return (text.length() + 3) / 4;
    }

    static int turnTokens(Turn turn) {
        return estimateTokens(turn.content()) + 4;
    }

    static List<Turn> recentWithin(List<Turn> turns, int maxMessages, int maxTokens) {
        List<Turn> chosen = new ArrayList<>();
        int tokens = 0;
        for (int i = turns.size() - 1; i >= 0 && chosen.size() < maxMessages; i--) {
            int t = turnTokens(turns.get(i));
            if (tokens + t > maxTokens) {
                break;
            }
            chosen.add(turns.get(i));
            tokens += t;
        }
        Collections.reverse(chosen);
        return chosen;
    }
}
