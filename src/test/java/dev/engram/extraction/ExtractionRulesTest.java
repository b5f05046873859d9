package dev.engram.extraction;

import dev.engram.extraction.api.ExtractType;
import dev.engram.extraction.api.SuggestedMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractionRulesTest {

    @Test
    void shouldFindTheExpectedKindsInEverySentenceOfTheFixture() {
        List<SuggestedMemory> suggestions = ExtractionRules.extract(ExtractionFixture.text(), Set.of());
        Map<Integer, Set<String>> kinds = suggestions.stream().collect(Collectors.groupingBy(SuggestedMemory::sentence,
                Collectors.mapping(s -> s.category().json(), Collectors.toSet())));
        List<String> sentences = new ArrayList<>(ExtractionFixture.SENTENCES.keySet());
        assertThat(sentences).hasSizeGreaterThanOrEqualTo(20);
        for (int i = 0; i < sentences.size(); i++) {
            assertThat(kinds.getOrDefault(i, Set.of())).as("sentence %d: %s", i, sentences.get(i))
                    .isEqualTo(ExtractionFixture.SENTENCES.get(sentences.get(i)));
        }
        for (SuggestedMemory s : suggestions) {
            assertThat(s.content()).isEqualTo(sentences.get(s.sentence()));
            assertThat(s.memoryType()).isEqualTo(ExtractionFixture.memoryType(s.category().json()));
            assertThat(s.importance()).isBetween(0.0, 1.0);
            assertThat(s.rule()).startsWith(s.category().json() + ".");
        }
    }

    @Test
    void shouldCaptureNamesAndDates() {
        List<SuggestedMemory> s = ExtractionRules.extract("I'm meeting Sarah on Friday. The deadline is 2025-03-14. "
                + "My name is Priya Sharma.", Set.of(ExtractType.NAME, ExtractType.DATE));
        assertThat(s).extracting(SuggestedMemory::rule, SuggestedMemory::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("date.weekday", "on Friday"),
                org.assertj.core.groups.Tuple.tuple("name.met", "Sarah"),
                org.assertj.core.groups.Tuple.tuple("date.iso", "2025-03-14"),
                org.assertj.core.groups.Tuple.tuple("name.self", "Priya"));
    }

    @Test
    void shouldOnlyReturnTheRequestedKinds() {
        List<SuggestedMemory> s = ExtractionRules.extract(ExtractionFixture.text(), Set.of(ExtractType.PREFERENCE));
        assertThat(s).isNotEmpty().allMatch(m -> m.category() == ExtractType.PREFERENCE);
    }

    @Test
    void shouldNotTakeCapitalisedCommonWordsForNames() {
        assertThat(ExtractionRules.extract("I'm meeting Monday folks. My boss is strict.", Set.of(ExtractType.NAME)))
                .isEmpty();
        assertThat(ExtractionRules.extract("I would like a summary, please.", Set.of())).isEmpty();
    }
}
