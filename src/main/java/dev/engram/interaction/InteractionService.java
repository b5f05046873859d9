package dev.engram.interaction;

import dev.engram.extraction.KeyInformationExtractor;
import dev.engram.extraction.api.ExtractResponse;
import dev.engram.extraction.api.ExtractType;
import dev.engram.extraction.api.SuggestedMemory;
import dev.engram.interaction.api.InteractionResponse;
import dev.engram.interaction.api.RecordInteractionRequest;
import dev.engram.memory.MemoryConfig;
import dev.engram.memory.MemoryScoreService;
import dev.engram.memory.MemoryService;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memory.api.CreateMemoryRequest;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.memory.api.ScoreChange;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Learns from one exchange: stores it as an episodic memory, stores the key information of the user's input as typed
 * memories (skipping content already stored for that user), and lets the feedback adjust the memories the response
 * used ({@link FeedbackPolicy}). The memories are stored in one transaction; the adjustment runs in a second one.
 */
@ApplicationScoped
public class InteractionService {

    static final String SOURCE = "interaction";

    private final KeyInformationExtractor extractor;
    private final MemoryService memories;
    private final MemoryWriteService writes;
    private final MemoryScoreService scores;
    private final InteractionConfig config;
    private final FeedbackPolicy feedbackPolicy;
    private final MemoryConfig memoryConfig;

    InteractionService(KeyInformationExtractor extractor, MemoryService memories, MemoryWriteService writes,
                       MemoryScoreService scores, InteractionConfig config, MemoryConfig memoryConfig) {
        this.memoryConfig = memoryConfig;
        this.extractor = extractor;
        this.memories = memories;
        this.writes = writes;
        this.scores = scores;
        this.config = config;
        this.feedbackPolicy = new FeedbackPolicy(config.importanceStep(), config.confidenceStep());
    }

    public InteractionResponse record(String tenantId, RecordInteractionRequest r) {
        CreateMemoryRequest exchange = interactionMemory(r);
        checkSize(exchange.content());
        ExtractResponse extraction = extractor.extract(r.userInput(), List.of());
        List<SuggestedMemory> candidates = strongestPerContent(extraction.suggestions());
        Set<String> existing = memories.existingContents(tenantId, r.userId(),
                candidates.stream().map(SuggestedMemory::content).toList());
        List<SuggestedMemory> fresh = candidates.stream().filter(s -> !existing.contains(s.content())).toList();
        List<SuggestedMemory> duplicates = candidates.stream().filter(s -> existing.contains(s.content())).toList();
        List<CreateMemoryRequest> requests = new ArrayList<>();
        requests.add(exchange);
        Map<String, List<String>> names = namesPerContent(extraction.suggestions());
        fresh.forEach(s -> requests.add(extractedMemory(r, s, names.getOrDefault(s.content(), null))));
        List<MemoryResponse> stored = writes.createBatch(tenantId, requests).memories();

        Double signal = FeedbackPolicy.signal(r.feedback());
        Set<UUID> used = r.usedMemoryIds() == null ? Set.of() : new LinkedHashSet<>(r.usedMemoryIds());
        List<ScoreChange> changes = signal == null ? List.of()
                : scores.adjust(tenantId, used, current -> feedbackPolicy.apply(current, signal));
        List<UUID> missing = signal == null ? List.of() : used.stream()
                .filter(id -> changes.stream().noneMatch(c -> c.memoryId().equals(id))).toList();
        return new InteractionResponse(stored.get(0), stored.subList(1, stored.size()), duplicates,
                extraction.method(), signal, changes, missing);
    }

    /**
     * The exchange is stored as one memory ({@code User: … Assistant: …}); {@code @Size} counts characters, the
     * memory limit UTF-8 bytes, so a text within its own limit can still make too large a memory. Named here by the
     * fields the caller sent, not by the memory the caller never wrote.
     */
    private void checkSize(String content) {
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > memoryConfig.maxContentBytes()) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "userInput and assistantResponse are stored as"
                    + " one memory of " + bytes + " bytes; the limit is " + memoryConfig.maxContentBytes()
                    + " (UTF-8, engram.memory.max-content-bytes). Shorten them.",
                    Map.of("field", "userInput", "limitBytes", memoryConfig.maxContentBytes(), "actualBytes", bytes));
        }
    }

    /** One suggestion per distinct content: the most important one (ties: the first). */
    static List<SuggestedMemory> strongestPerContent(List<SuggestedMemory> suggestions) {
        Map<String, SuggestedMemory> byContent = new LinkedHashMap<>();
        for (SuggestedMemory s : suggestions) {
            byContent.merge(s.content(), s, (a, b) -> b.importance() > a.importance() ? b : a);
        }
        return byContent.values().stream().sorted(Comparator.comparing(
                (SuggestedMemory s) -> s.sentence() == null ? Integer.MAX_VALUE : s.sentence())).toList();
    }

    private CreateMemoryRequest interactionMemory(RecordInteractionRequest r) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("source", SOURCE);
        if (r.sessionId() != null) metadata.put("sessionId", r.sessionId());
        if (r.feedback() != null) {
            Map<String, Object> feedback = new HashMap<>();
            if (r.feedback().helpful() != null) feedback.put("helpful", r.feedback().helpful());
            if (r.feedback().relevant() != null) feedback.put("relevant", r.feedback().relevant());
            if (r.feedback().rating() != null) feedback.put("rating", r.feedback().rating());
            metadata.put("feedback", feedback);
        }
        if (r.usedMemoryIds() != null && !r.usedMemoryIds().isEmpty()) {
            metadata.put("usedMemoryIds", r.usedMemoryIds().stream().map(UUID::toString).toList());
        }
        return new CreateMemoryRequest("episodic", "User: " + r.userInput().strip() + "\nAssistant: "
                + r.assistantResponse().strip(), "Interaction", null, null, null, null, config.interactionImportance(),
                null, r.contextId(), r.userId(), r.agentId(), SOURCE, null, null, null, metadata, null, null);
    }

    /** Names found in each content, by any suggestion: they become the stored memory's entities. */
    private static Map<String, List<String>> namesPerContent(List<SuggestedMemory> suggestions) {
        Map<String, List<String>> names = new HashMap<>();
        for (SuggestedMemory s : suggestions) {
            if (s.category() == ExtractType.NAME && s.value() != null) {
                names.computeIfAbsent(s.content(), c -> new ArrayList<>()).add(s.value());
            }
        }
        return names;
    }

    private static CreateMemoryRequest extractedMemory(RecordInteractionRequest r, SuggestedMemory s,
                                                       List<String> entities) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("source", "extraction");
        metadata.put("category", s.category().json());
        metadata.put("rule", s.rule());
        if (r.sessionId() != null) metadata.put("sessionId", r.sessionId());
        return new CreateMemoryRequest(s.memoryType(), s.content(), null, null, null, null, entities, s.importance(),
                null, r.contextId(), r.userId(), r.agentId(), SOURCE, null, null, null, metadata, null, null);
    }
}
