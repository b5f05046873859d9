package dev.engram.platform;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.time.Duration;
import java.util.Optional;

/**
 * The LangChain4j chat model of a feature that can use an LLM (session summaries, key-information extraction):
 * {@code openai} (any OpenAI-compatible API) or {@code ollama}; {@code null} for the feature's non-LLM provider.
 * No retries: every caller falls back to its own rule-based method when the call fails.
 */
public final class ChatModels {

    private ChatModels() {
    }

    /**
     * @param property the provider's property name, for the error message
     * @param fallback the provider name that means "no LLM" (e.g. {@code extractive}, {@code rules})
     */
    public static ChatModel of(String property, String provider, String fallback, Optional<String> model,
                               Optional<String> baseUrl, Optional<String> apiKey, Duration timeout) {
        if (fallback.equals(provider)) {
            return null;
        }
        return switch (provider) {
            case "openai" -> OpenAiChatModel.builder().modelName(model.orElse("gpt-4o-mini"))
                    .apiKey(apiKey.orElse("none")).baseUrl(baseUrl.orElse(null)).timeout(timeout).maxRetries(0)
                    .build();
            case "ollama" -> OllamaChatModel.builder().modelName(model.orElse("llama3.1"))
                    .baseUrl(baseUrl.orElse("http://localhost:11434")).timeout(timeout).maxRetries(0).build();
            default -> throw new IllegalStateException(property + " must be " + fallback + ", openai or ollama, not '"
                    + provider + "'");
        };
    }
}
