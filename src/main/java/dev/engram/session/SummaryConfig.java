package dev.engram.session;

import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How session summaries are written: extractive (default, no model) or by an LLM through LangChain4j. */
@ConfigMapping(prefix = "engram.summary")
public interface SummaryConfig {

    /** {@code extractive} (default), {@code openai} (any OpenAI-compatible API) or {@code ollama}. */
    @WithDefault("extractive")
    String provider();

    /** Chat model name for an LLM provider, e.g. {@code gpt-4o-mini} or {@code llama3.1}. */
    Optional<String> model();

    /** Base URL of the LLM provider. */
    Optional<String> baseUrl();

    /** API key of the LLM provider (never logged). */
    Optional<String> apiKey();

    /** Timeout of one summary call; on failure the extractive summary is used. */
    @WithDefault("PT20S")
    @PositiveDuration
    Duration timeout();
}
