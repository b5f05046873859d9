package dev.engram.agentcontext;

import dev.engram.agentcontext.api.ContextItem;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PromptBudgetTest {

    private static ContextItem item(String text) {
        return new ContextItem("memory", UUID.randomUUID(), 1.0, text, PromptBudget.estimate(text), null);
    }

    private static Map<String, List<ContextItem>> sections() {
        Map<String, List<ContextItem>> s = new LinkedHashMap<>();
        s.put("A", List.of(item("a1 " + "x".repeat(36)), item("a2 " + "x".repeat(36)), item("a3 " + "x".repeat(36))));
        s.put("B", List.of(item("b1 " + "x".repeat(36)), item("b2 " + "x".repeat(36))));
        s.put("C", List.of(item("c1 " + "x".repeat(396))));
        return s;
    }

    @Test
    void everySectionsBestItemShouldComeBeforeAnySectionsSecond() {
        // each short item costs 11 tokens, a section header 8: A1 + B1 = 38, then A2 (49), B2 (60)
        Map<String, List<ContextItem>> chosen = PromptBudget.choose(sections(), 60);
        assertThat(chosen.get("A")).extracting(i -> i.text().substring(0, 2)).containsExactly("a1", "a2");
        assertThat(chosen.get("B")).extracting(i -> i.text().substring(0, 2)).containsExactly("b1", "b2");
        assertThat(chosen.get("C")).isEmpty();
        assertThat(PromptBudget.total(chosen)).isEqualTo(60);
    }

    @Test
    void anItemTooLargeShouldBeSkippedAndSmallerOnesStillFit() {
        Map<String, List<ContextItem>> chosen = PromptBudget.choose(sections(), 50);
        assertThat(chosen.get("C")).isEmpty();
        assertThat(chosen.get("A")).hasSize(2);
        assertThat(chosen.get("B")).hasSize(1);
        assertThat(PromptBudget.total(chosen)).isLessThanOrEqualTo(50);
    }

    @Test
    void theTotalShouldNeverExceedTheBudget() {
        for (int budget = 0; budget <= 200; budget++) {
            Map<String, List<ContextItem>> chosen = PromptBudget.choose(sections(), budget);
            assertThat(PromptBudget.total(chosen)).as("budget %d", budget).isLessThanOrEqualTo(budget);
            String text = AgentContextService.render(chosen);
            assertThat((text.length() + 3) / 4).as("rendered text of budget %d", budget).isLessThanOrEqualTo(budget);
        }
        assertThat(PromptBudget.choose(sections(), 1000).values()).allSatisfy(l -> assertThat(l).isNotEmpty());
    }
}
