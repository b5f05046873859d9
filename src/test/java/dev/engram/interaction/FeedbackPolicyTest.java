package dev.engram.interaction;

import dev.engram.interaction.api.Feedback;
import dev.engram.memory.api.Scores;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FeedbackPolicyTest {

    private final FeedbackPolicy policy = new FeedbackPolicy(0.1, 0.05);

    @Test
    void signalShouldAverageThePresentComponents() {
        assertThat(FeedbackPolicy.signal(null)).isNull();
        assertThat(FeedbackPolicy.signal(new Feedback(null, null, null))).isNull();
        assertThat(FeedbackPolicy.signal(new Feedback(true, true, 5))).isEqualTo(1.0);
        assertThat(FeedbackPolicy.signal(new Feedback(false, false, 1))).isEqualTo(-1.0);
        assertThat(FeedbackPolicy.signal(new Feedback(null, null, 3))).isEqualTo(0.0);
        assertThat(FeedbackPolicy.signal(new Feedback(null, null, 4))).isEqualTo(0.5);
        assertThat(FeedbackPolicy.signal(new Feedback(true, false, null))).isEqualTo(0.0);
        assertThat(FeedbackPolicy.signal(new Feedback(true, null, 2))).isCloseTo((1 - 0.5) / 2, within(1e-9));
    }

    @Test
    void positiveFeedbackShouldRaiseAndNegativeLower() {
        Scores s = new Scores(0.5, 0.8);
        assertThat(policy.apply(s, 1.0)).isEqualTo(new Scores(0.6, 0.85));
        assertThat(policy.apply(s, -1.0)).isEqualTo(new Scores(0.4, 0.75));
        assertThat(policy.apply(s, 0.5)).isEqualTo(new Scores(0.55, 0.825));
        assertThat(policy.apply(s, 0.0)).isEqualTo(s);
    }

    @Test
    void shouldStayWithinZeroAndOne() {
        assertThat(policy.apply(new Scores(0.97, 0.99), 1.0)).isEqualTo(new Scores(1.0, 1.0));
        assertThat(policy.apply(new Scores(0.02, 0.01), -1.0)).isEqualTo(new Scores(0.0, 0.0));
        assertThat(policy.apply(new Scores(0.5, 0.5), 7.0)).isEqualTo(new Scores(0.6, 0.55));
    }

    @Test
    void strongestPerContentShouldKeepTheMostImportantSuggestion() {
        var low = new dev.engram.extraction.api.SuggestedMemory("I'm meeting Sarah on Friday.", "episodic",
                dev.engram.extraction.api.ExtractType.DATE, 0.6, "date.weekday", "on Friday", 0);
        var high = new dev.engram.extraction.api.SuggestedMemory("I'm meeting Sarah on Friday.", "semantic",
                dev.engram.extraction.api.ExtractType.NAME, 0.7, "name.met", "Sarah", 0);
        var other = new dev.engram.extraction.api.SuggestedMemory("I love tea.", "preference",
                dev.engram.extraction.api.ExtractType.PREFERENCE, 0.6, "preference.like", null, 1);
        assertThat(InteractionService.strongestPerContent(java.util.List.of(low, high, other))).containsExactly(high, other);
    }
}
