package dev.engram.extraction;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.extraction.api.ExtractResponse;
import dev.engram.extraction.api.ExtractType;
import dev.engram.platform.ChatModels;
import dev.langchain4j.model.chat.ChatModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Extracts key information from text: with an LLM when one is configured ({@code engram.extraction.provider}),
 * otherwise, and whenever the LLM fails or answers something unusable, with {@link ExtractionRules}. The result says
 * which method produced it.
 */
@ApplicationScoped
public class KeyInformationExtractor {

    private static final Logger LOG = Logger.getLogger(KeyInformationExtractor.class);

    private final ChatModel llm;
    private final ObjectMapper json;

    KeyInformationExtractor(ExtractionConfig config, ObjectMapper json) {
        this.json = json;
        this.llm = ChatModels.of("engram.extraction.provider", config.provider(), "rules", config.model(),
                config.baseUrl(), config.apiKey(), config.timeout());
    }

    /** Suggested memories of the requested kinds (all kinds when empty or null). */
    public ExtractResponse extract(String text, Collection<ExtractType> kinds) {
        Set<ExtractType> requested = kinds == null || kinds.isEmpty() ? Set.of() : EnumSet.copyOf(kinds);
        if (llm != null) {
            try {
                return new ExtractResponse("llm", LlmSuggestions.parse(llm.chat(LlmSuggestions.prompt(text, requested)),
                        requested, json));
            } catch (RuntimeException e) {
                LOG.warnf("LLM extraction failed, using the rules: %s", e.toString());
            }
        }
        return new ExtractResponse("rules", ExtractionRules.extract(text, requested));
    }
}
