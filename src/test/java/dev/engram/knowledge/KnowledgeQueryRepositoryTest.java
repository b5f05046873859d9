package dev.engram.knowledge;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The order of the knowledge search's hits, whatever order the relaxed HNSW scan returned them in. */
class KnowledgeQueryRepositoryTest {

    @Test
    void shouldPutTheMostSimilarFirstAndBreakTiesById() {
        UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        UUID c = UUID.fromString("00000000-0000-0000-0000-00000000000c");
        UUID d = UUID.fromString("00000000-0000-0000-0000-00000000000d");
        Map<UUID, Double> scanned = new LinkedHashMap<>(); // as relaxed_order may return them
        scanned.put(c, 0.81);
        scanned.put(d, 0.93);
        scanned.put(b, 0.81);
        scanned.put(a, 0.42);

        Map<UUID, Double> ordered = KnowledgeQueryRepository.bestFirst(scanned);

        assertThat(ordered.keySet()).containsExactly(d, b, c, a);
        assertThat(ordered.values()).as("similarities kept").containsExactly(0.93, 0.81, 0.81, 0.42);
    }
}
