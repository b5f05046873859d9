package dev.engram.session;

import dev.engram.session.api.Role;
import dev.engram.session.api.Turn;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SessionPoliciesTest {

    private static Turn turn(long seq, Role role, String content) {
        return new Turn(seq, role, content, null, null, Instant.EPOCH);
    }

    @Test
    void importanceRewardsQuestionsFactsAndExplicitRemember() {
        double plain = PromotionImportancePolicy.importance(Role.USER, "ok");
        double question = PromotionImportancePolicy.importance(Role.USER, "ok?");
        double preference = PromotionImportancePolicy.importance(Role.USER, "I prefer tea");
        double remember = PromotionImportancePolicy.importance(Role.USER, "Remember that I prefer tea");
        assertThat(plain).isCloseTo(0.3 + 2 / 400.0 * 0.15, within(1e-9));
        assertThat(question).isGreaterThan(plain);
        assertThat(preference).isGreaterThan(question);
        assertThat(remember).isGreaterThan(preference).isLessThanOrEqualTo(1.0);
    }

    @Test
    void importanceGrowsWithLengthUpToACap() {
        double shortTurn = PromotionImportancePolicy.importance(Role.USER, "a".repeat(40));
        double longTurn = PromotionImportancePolicy.importance(Role.USER, "a".repeat(400));
        double longer = PromotionImportancePolicy.importance(Role.USER, "a".repeat(4000));
        assertThat(longTurn).isGreaterThan(shortTurn);
        assertThat(longer).isEqualTo(longTurn);
    }

    @Test
    void importanceDiscountsAssistantAndToolTurns() {
        String text = "My name is Ada and I work at a bakery.";
        double user = PromotionImportancePolicy.importance(Role.USER, text);
        assertThat(PromotionImportancePolicy.importance(Role.ASSISTANT, text)).isCloseTo(user * 0.8, within(1e-9));
        assertThat(PromotionImportancePolicy.importance(Role.TOOL, text)).isCloseTo(user * 0.5, within(1e-9));
    }

    @Test
    void summaryKeepsTheMostImportantSentencesInOrder() {
        List<Turn> turns = List.of(
                turn(1, Role.USER, "Hi there."),
                turn(2, Role.ASSISTANT, "Hello! How can I help?"),
                turn(3, Role.USER, "Please remember that my daughter is allergic to nuts. Thanks."),
                turn(4, Role.ASSISTANT, "Noted."),
                turn(5, Role.USER, "I prefer vegetarian recipes."));
        String summary = SessionSummarizer.summarize(turns, 2, 500);
        assertThat(summary).isEqualTo("user: Please remember that my daughter is allergic to nuts. "
                + "user: I prefer vegetarian recipes.");
    }

    @Test
    void summaryRespectsTheCharacterBudget() {
        List<Turn> turns = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            turns.add(turn(i, Role.USER, "Sentence number " + i + " is here."));
        }
        String summary = SessionSummarizer.summarize(turns, 10, 100);
        assertThat(summary.replace("user: ", "").length()).isLessThanOrEqualTo(100 + 10);
        assertThat(summary).contains("Sentence number 20");
    }

    @Test
    void budgetKeepsTheNewestTurnsWithinMessagesAndTokens() {
        List<Turn> turns = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            turns.add(turn(i, Role.USER, "x".repeat(40))); // 10 tokens + 4 = 14 each
        }
        assertThat(ContextBudget.recentWithin(turns, 10, 10_000)).extracting(Turn::seq)
                .containsExactly(21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
        List<Turn> byTokens = ContextBudget.recentWithin(turns, 30, 50);
        assertThat(byTokens).extracting(Turn::seq).containsExactly(28L, 29L, 30L);
        assertThat(byTokens.stream().mapToInt(ContextBudget::turnTokens).sum()).isLessThanOrEqualTo(50);
        assertThat(ContextBudget.recentWithin(turns, 30, 5)).isEmpty();
    }
}
