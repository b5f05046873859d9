package dev.engram.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service's own ONNX sessions (one intra-op thread, no spinning) must give the vectors of LangChain4j's stock
 * model classes: same files, same pooling, same normalisation; only the threading differs.
 */
class InProcessModelsTest {

    private static final List<TextSegment> TEXTS = List.of(
            TextSegment.from("The user prefers green tea in the morning."),
            TextSegment.from("Deploy failed: the database migration V7 timed out after 30 s."),
            TextSegment.from("Caroline went to the LGBTQ support group on 7 May 2023."));

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2-q", "bge-small-en-v15-q", "e5-small-v2-q"})
    void sameVectorsAsLangChain4jStockModel(String name) {
        EmbeddingModel ours = InProcessModels.load(name);
        EmbeddingModel stock = switch (name) {
            case "all-minilm-l6-v2-q" -> new AllMiniLmL6V2QuantizedEmbeddingModel();
            case "bge-small-en-v15-q" -> new BgeSmallEnV15QuantizedEmbeddingModel();
            default -> new E5SmallV2QuantizedEmbeddingModel();
        };
        List<float[]> a = ours.embedAll(TEXTS).content().stream().map(e -> e.vector()).toList();
        List<float[]> b = stock.embedAll(TEXTS).content().stream().map(e -> e.vector()).toList();
        assertThat(ours.dimension()).isEqualTo(384);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(a.get(i)).hasSize(384);
            assertThat(cosine(a.get(i), b.get(i))).as("text %d", i).isGreaterThan(0.9999);
        }
        // and the texts stay distinct (not one vector for everything)
        assertThat(cosine(a.get(0), a.get(1))).isLessThan(0.9);
    }

    @Test
    void unknownModelIsRefused() {
        assertThatThrownBy(() -> InProcessModels.load("gpt-embed-huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all-minilm-l6-v2-q");
    }

    private static double cosine(float[] x, float[] y) {
        double dot = 0, nx = 0, ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return dot / Math.sqrt(nx * ny);
    }
}
