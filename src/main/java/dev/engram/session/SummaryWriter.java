package dev.engram.session;

import dev.engram.platform.ChatModels;
import dev.engram.session.api.Turn;
import dev.langchain4j.model.chat.ChatModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Writes a session summary: with an LLM when one is configured, otherwise (and whenever the LLM fails) with the
 * extractive {@link SessionSummarizer}. The result says which method produced it.
 */
@ApplicationScoped
class SummaryWriter {

    private static final Logger LOG = Logger.getLogger(SummaryWriter.class);
    static final String PROMPT = "Summarise this conversation in at most five sentences for a long-term memory. "
            + "Keep facts, preferences, decisions and commitments; leave out greetings and filler.\n\n";

    private final ChatModel llm;

    SummaryWriter(SummaryConfig config) {
        this.llm = ChatModels.of("engram.summary.provider", config.provider(), "extractive", config.model(),
                config.baseUrl(), config.apiKey(), config.timeout());
    }

    record Summary(String text, String method) {
    }

    Summary summarize(List<Turn> turns) {
        if (llm != null && !turns.isEmpty()) {
            StringBuilder transcript = new StringBuilder(PROMPT);
            for (Turn t : turns) {
                transcript.append(t.role().json()).append(": ").append(t.content()).append('\n');
            }
            try {
                String text = llm.chat(transcript.toString());
                if (text != null && !text.isBlank()) {
                    return new Summary(text.strip(), "llm");
                }
            } catch (RuntimeException e) {
                LOG.warnf("LLM summary failed, using the extractive summary: %s", e.toString());
            }
        }
        return new Summary(SessionSummarizer.summarize(turns, 5, 800), "extractive");
    }
}
