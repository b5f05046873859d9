package dev.engram.embedding;

import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one entry point to embeddings. Wraps a LangChain4j {@link EmbeddingModel}, applies the model's query/document
 * prefixes, batches large writes, times every call and turns provider failures into {@code 503 embedding-unavailable}.
 */
@ApplicationScoped
public class Embedder {

    private static final Logger LOG = Logger.getLogger(Embedder.class);
    static final int RETRY_AFTER_SECONDS = 10;

    private final EmbeddingConfig config;
    private final ModelSpec spec;
    private final EmbeddingModel model;
    private final Timer timer;
    private volatile boolean warm;

    public Embedder(EmbeddingConfig config, MeterRegistry registry) {
        this.config = config;
        this.spec = EmbeddingModelFactory.spec(config);
        this.model = EmbeddingModelFactory.create(config);
        this.timer = Timer.builder("engram.embed").description("Time to embed one call's texts")
                .tag("model", spec.name()).publishPercentileHistogram().register(registry);
    }

    /** Embeds a search query (with the model's query prefix). */
    public float[] embedQuery(String text) {
        requireReadable(List.of(text));
        return embed(List.of(spec.queryPrefix() + text)).get(0);
    }

    /** Embeds search queries in one batch (with the model's query prefix). */
    public List<float[]> embedQueries(List<String> texts) {
        requireReadable(texts);
        return embed(texts.stream().map(t -> spec.queryPrefix() + t).toList());
    }

    /** Embeds texts to be stored (with the model's document prefix), in batches of the configured size. */
    public List<float[]> embedDocuments(List<String> texts) {
        requireReadable(texts);
        return embed(texts.stream().map(t -> spec.documentPrefix() + t).toList());
    }

    public int dimension() {
        return spec.dimension();
    }

    public String modelName() {
        return spec.name();
    }

    /** True once the model has produced a vector, or when warm-up is disabled (remote providers load nothing). */
    public boolean isWarm() {
        return warm || !config.warmUp();
    }

    /** Loads the model by embedding one sentence and checks that it returns vectors of the expected dimension. */
    public void warmUp() {
        float[] v = embedDocuments(List.of("Engram warm-up sentence.")).get(0);
        if (v.length != spec.dimension()) {
            throw new IllegalStateException("Embedding model " + spec.name() + " returned " + v.length
                    + "-dimensional vectors, but " + spec.dimension() + " are configured (engram.embedding.dimension)");
        }
        warm = true;
        LOG.infof("Embedding model %s ready (%d dimensions, provider %s)", spec.name(), spec.dimension(),
                config.provider().name().toLowerCase().replace('_', '-'));
    }

    /**
     * Refuses, before any prefix is added, a text that LangChain4j's {@link TextSegment} takes for blank: it trims
     * with {@link String#trim()}, which removes every character up to U+0020, so a text of control characters such as
     * U+0001 or U+001B (not whitespace to {@code @NotBlank}) made {@code TextSegment.from} throw outside the model
     * call, a 500. Checked on the caller's text, so the answer does not depend on the model's prefixes.
     */
    private static void requireReadable(List<String> texts) {
        for (String text : texts) {
            if (text == null || text.trim().isEmpty()) {
                throw unreadableText();
            }
        }
    }

    /**
     * Whether a text has a character an embedding reads: not whitespace, a control or format character (e.g.
     * U+0001, U+200B) or a combining mark, which the in-process tokenizer drops and {@code TextSegment} trims. For
     * stored texts that must be skipped rather than refused (a session turn on promotion) and for texts that arrive
     * with their vector and are never embedded here (an import).
     */
    public static boolean isReadable(String text) {
        if (text == null) {
            return false;
        }
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && switch (Character.getType(c)) {
                    case Character.CONTROL, Character.FORMAT, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                         Character.COMBINING_SPACING_MARK, Character.UNASSIGNED -> false;
                    default -> true;
                });
    }

    private static ProblemException unreadableText() {
        // the in-process tokenizer drops whitespace, control, format (e.g. U+200B) and combining characters; a text of
        // nothing else has no tokens: the caller's input is at fault, not the model
        return new ProblemException(ProblemType.INVALID_TEXT, "A text to embed (content, title, query, prompt, …) has "
                + "no characters the embedding model reads: it holds only whitespace, control, formatting or "
                + "combining characters.");
    }

    private List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        int batch = Math.max(1, config.batchSize());
        for (int from = 0; from < texts.size(); from += batch) {
            List<TextSegment> segments = texts.subList(from, Math.min(texts.size(), from + batch)).stream()
                    .map(TextSegment::from).toList();
            List<Embedding> embeddings = call(segments);
            for (Embedding e : embeddings) {
                out.add(e.vector());
            }
        }
        return out;
    }

    private List<Embedding> call(List<TextSegment> segments) {
        Timer.Sample sample = Timer.start();
        try {
            List<Embedding> result = model.embedAll(segments).content();
            if (result == null || result.size() != segments.size()) {
                throw new IllegalStateException("the model returned " + (result == null ? 0 : result.size())
                        + " embeddings for " + segments.size() + " texts");
            }
            warm = true;
            return result;
        } catch (IllegalArgumentException e) {
            if (!isUnreadableText(e)) {
                throw unavailable(e);
            }
            throw unreadableText();
        } catch (RuntimeException e) {
            throw unavailable(e);
        } finally {
            sample.stop(timer);
        }
    }

    /** The in-process ONNX encoder's refusal of a text that tokenizes to nothing. */
    static boolean isUnreadableText(IllegalArgumentException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Cannot embed empty or whitespace-only text");
    }

    private ProblemException unavailable(RuntimeException e) {
        LOG.warnf("Embedding with %s failed: %s", spec.name(), e.toString());
        return new ProblemException(ProblemType.EMBEDDING_UNAVAILABLE,
                "The embedding model " + spec.name() + " is unavailable; nothing was stored. Retry later.",
                Map.of("model", spec.name()), RETRY_AFTER_SECONDS, e);
    }
}
