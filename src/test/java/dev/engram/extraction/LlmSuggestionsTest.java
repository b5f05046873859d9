package dev.engram.extraction;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.extraction.api.ExtractType;
import dev.engram.extraction.api.SuggestedMemory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmSuggestionsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldParseTheArrayInsideAFencedAnswer() {
        String answer = "Here you go:\n```json\n[{\"content\":\"The user prefers tea.\",\"category\":\"preference\","
                + "\"importance\":0.8},{\"content\":\"Works at Acme.\",\"category\":\"WORK\",\"importance\":7},"
                + "{\"content\":\"\",\"category\":\"fact\"},{\"content\":\"Dreams\",\"category\":\"mood\"},"
                + "{\"content\":\"Met Tom.\",\"category\":\"name\"}]\n```";
        List<SuggestedMemory> s = LlmSuggestions.parse(answer, Set.of(), json);
        assertThat(s).extracting(SuggestedMemory::content).containsExactly("The user prefers tea.", "Works at Acme.", "Met Tom.");
        assertThat(s).extracting(SuggestedMemory::importance).containsExactly(0.8, 1.0, 0.5);
        assertThat(s).extracting(SuggestedMemory::memoryType).containsExactly("preference", "semantic", "semantic");
        assertThat(s).allMatch(m -> m.rule().equals("llm"));
    }

    @Test
    void shouldDropUnrequestedKinds() {
        String answer = "[{\"content\":\"a\",\"category\":\"date\"},{\"content\":\"b\",\"category\":\"name\"}]";
        assertThat(LlmSuggestions.parse(answer, Set.of(ExtractType.DATE), json)).extracting(SuggestedMemory::content)
                .containsExactly("a");
    }

    @Test
    void shouldRejectAnswersWithoutAJsonArray() {
        assertThatThrownBy(() -> LlmSuggestions.parse("I cannot help with that.", Set.of(), json))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlmSuggestions.parse("[not json]", Set.of(), json))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlmSuggestions.parse(null, Set.of(), json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePromptShouldNameTheRequestedKindsAndCarryTheText() {
        assertThat(LlmSuggestions.prompt("I like tea.", Set.of(ExtractType.PREFERENCE, ExtractType.DATE)))
                .contains("one of date, preference").endsWith("Text:\nI like tea.");
    }
}
