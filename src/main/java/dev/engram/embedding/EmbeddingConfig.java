package dev.engram.embedding;

import dev.engram.platform.config.NonNegativeDuration;
import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.Optional;

/** Which embedding model Engram uses and how it is called. */
@ConfigMapping(prefix = "engram.embedding")
public interface EmbeddingConfig {

    /** Where embeddings are computed: {@code in-process} (ONNX, default), {@code openai} (any OpenAI-compatible API) or {@code ollama}. */
    @WithDefault("in-process")
    Provider provider();

    /**
     * The model. In-process: {@code all-minilm-l6-v2-q} (default), {@code bge-small-en-v15-q} or {@code e5-small-v2-q}.
     * Remote: the provider's model name, e.g. {@code text-embedding-3-small} or {@code nomic-embed-text}.
     */
    @WithDefault("all-minilm-l6-v2-q")
    String model();

    /** Base URL of a remote provider (default: the provider's public endpoint, or http://localhost:11434 for Ollama). */
    Optional<String> baseUrl();

    /** API key of a remote provider (from a Secret in production; never logged). */
    Optional<String> apiKey();

    /** Vector dimension of a remote model; required for remote providers, derived for in-process models. */
    Optional<@Min(1) Integer> dimension();

    /** Timeout of one call to a remote provider. */
    @WithDefault("PT30S")
    @PositiveDuration
    Duration timeout();

    /** Texts per embedding call when a write carries many memories. */
    @WithDefault("64")
    @Min(1)
    int batchSize();

    /** Embed a sentence at start-up so that the first request does not pay for loading the model. */
    @WithDefault("true")
    boolean warmUp();

    /** Text put before every query (overrides the model's convention, e.g. {@code "query: "} for e5). */
    Optional<String> queryPrefix();

    /** Text put before every stored document (overrides the model's convention, e.g. {@code "passage: "} for e5). */
    Optional<String> documentPrefix();

    /** How long a query's embedding stays cached in Redis; {@code PT0S} disables the cache. */
    @WithDefault("PT10M")
    @NonNegativeDuration
    Duration queryCacheTtl();

    enum Provider {
        IN_PROCESS, OPENAI, OLLAMA
    }
}
