package dev.engram.extraction;

import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Key-information extraction: rules (default, no model) or an LLM through LangChain4j, falling back to rules. */
@ConfigMapping(prefix = "engram.extraction")
public interface ExtractionConfig {

    /** {@code rules} (default), {@code openai} (any OpenAI-compatible API) or {@code ollama}. */
    @WithDefault("rules")
    String provider();

    /** Chat model name for an LLM provider, e.g. {@code gpt-4o-mini} or {@code llama3.1}. */
    Optional<String> model();

    /** Base URL of the LLM provider. */
    Optional<String> baseUrl();

    /** API key of the LLM provider (never logged). */
    Optional<String> apiKey();

    /** Timeout of one extraction call; on failure the rules are used. */
    @WithDefault("PT20S")
    @PositiveDuration
    Duration timeout();
}
