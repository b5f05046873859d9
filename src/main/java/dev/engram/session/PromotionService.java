package dev.engram.session;

import dev.engram.context.ContextService;
import dev.engram.context.api.CreateContextRequest;
import dev.engram.memory.MemoryConfig;
import dev.engram.memory.MemoryService;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memory.api.CreateMemoryRequest;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.session.api.PromotionResponse;
import dev.engram.session.api.Turn;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Moves a session's turns into long-term memory as episodic memories in the session's context, plus an extractive
 * summary as a contextual memory. Idempotent: a Redis watermark ({@code promotedSeq}) and the memories' own metadata
 * ({@code sessionId}, {@code seq}) make sure that no turn is stored twice, even after a crash between the two.
 */
@ApplicationScoped
public class PromotionService {

    static final int LOCK_MILLIS = 60_000;

    private final SessionStore store;
    private final TurnCodec codec;
    private final MemoryWriteService writes;
    private final MemoryService memories;
    private final ContextService contexts;
    private final ShortTermConfig config;
    private final MemoryConfig memoryConfig;
    private final SummaryWriter summaries;
    private final Clock clock;

    PromotionService(SessionStore store, TurnCodec codec, MemoryWriteService writes, MemoryService memories,
                     ContextService contexts, ShortTermConfig config, MemoryConfig memoryConfig,
                     SummaryWriter summaries, Clock clock) {
        this.store = store;
        this.codec = codec;
        this.writes = writes;
        this.memories = memories;
        this.contexts = contexts;
        this.config = config;
        this.memoryConfig = memoryConfig;
        this.summaries = summaries;
        this.clock = clock;
    }

    public PromotionResponse promote(String tenant, String sessionId) {
        SessionIds.require(sessionId);
        String token = UUID.randomUUID().toString();
        if (!store.lockPromotion(tenant, sessionId, token, LOCK_MILLIS)) {
            throw new ProblemException(ProblemType.CONFLICT, "Session " + sessionId
                    + " is being promoted right now; retry in a moment", Map.of("sessionId", sessionId), 1, null);
        }
        try {
            SessionStore.Stored stored = store.read(tenant, sessionId, -1, clock.millis())
                    .orElseThrow(() -> ProblemException.notFound("Session", sessionId));
            return promote(tenant, sessionId, stored);
        } finally {
            store.unlockPromotion(tenant, sessionId, token);
        }
    }

    private PromotionResponse promote(String tenant, String sessionId, SessionStore.Stored stored) {
        Map<String, String> meta = stored.meta();
        List<Turn> turns = stored.turns().stream().map(codec::decode).toList();
        long watermark = meta.containsKey("promotedSeq") ? Long.parseLong(meta.get("promotedSeq")) : 0;
        Set<Long> alreadyStored = storedSeqs(tenant, sessionId, watermark);
        List<Turn> fresh = turns.stream()
                .filter(t -> t.seq() > watermark && !alreadyStored.contains(t.seq()))
                .filter(t -> config.promotedRoles().contains(t.role().json()))
                // a turn of nothing an embedding reads (only control or zero-width characters) carries nothing to
                // remember, and refusing it would fail every later promotion of the session: it is passed over
                .filter(t -> dev.engram.embedding.Embedder.isReadable(t.content()))
                .toList();
        long through = turns.isEmpty() ? watermark : Math.max(watermark, turns.get(turns.size() - 1).seq());
        if (fresh.isEmpty()) {
            store.setIfExists(tenant, sessionId, "promotedSeq", Long.toString(through));
            UUID context = meta.get("contextId") == null ? null : UUID.fromString(meta.get("contextId"));
            return new PromotionResponse(sessionId, context, 0, through, List.of(), null);
        }
        UUID contextId = contextFor(tenant, sessionId, meta);
        List<MemoryResponse> created = new ArrayList<>();
        List<CreateMemoryRequest> requests = fresh.stream().map(t -> turnMemory(sessionId, t, meta, contextId)).toList();
        for (int from = 0; from < requests.size(); from += memoryConfig.maxBatchSize()) {
            created.addAll(writes.createBatch(tenant,
                    requests.subList(from, Math.min(requests.size(), from + memoryConfig.maxBatchSize()))).memories());
        }
        CreateMemoryRequest summaryRequest = summaryMemory(sessionId, turns, summaries.summarize(turns), meta,
                contextId, through);
        MemoryResponse summary = !dev.engram.embedding.Embedder.isReadable(summaryRequest.content()) ? null
                : writes.create(tenant, summaryRequest);
        store.setIfExists(tenant, sessionId, "promotedSeq", Long.toString(through));
        return new PromotionResponse(sessionId, contextId, created.size(), through, created, summary);
    }

    /**
     * The turns above the watermark that are already long-term memories: a promotion that stored them but could not
     * move the watermark (a crash, Redis down) must not store them again. Only numbers above the watermark are read,
     * so a long session's earlier promotions (any number of them) neither cost nor crowd out anything.
     */
    private Set<Long> storedSeqs(String tenant, String sessionId, long watermark) {
        return memories.numbersInMetadata(tenant, Map.of("sessionId", sessionId, "source", "session"), "seq", watermark);
    }

    private UUID contextFor(String tenant, String sessionId, Map<String, String> meta) {
        String existing = meta.get("contextId");
        if (existing != null) {
            UUID id = UUID.fromString(existing);
            try {
                contexts.requireExisting(tenant, List.of(id));
                return id;
            } catch (ProblemException gone) {
                // the context was deleted: create a new one below
            }
        }
        Instant started = meta.get("createdAt") == null ? null : Instant.ofEpochMilli(Long.parseLong(meta.get("createdAt")));
        UUID created = contexts.create(tenant, new CreateContextRequest("Session " + sessionId, "session",
                "Conversation promoted from short-term session " + sessionId, meta.get("userId"), meta.get("agentId"),
                Map.of("sessionId", sessionId), List.of("session"), started)).id();
        store.setIfExists(tenant, sessionId, "contextId", created.toString());
        return created;
    }

    private static CreateMemoryRequest turnMemory(String sessionId, Turn t, Map<String, String> meta, UUID contextId) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("source", "session");
        metadata.put("sessionId", sessionId);
        metadata.put("seq", t.seq());
        metadata.put("role", t.role().json());
        if (t.name() != null) {
            metadata.put("name", t.name());
        }
        if (t.metadata() != null && !t.metadata().isEmpty()) {
            metadata.put("turn", t.metadata());
        }
        return new CreateMemoryRequest("episodic", t.content(), null, null, null, null, null,
                PromotionImportancePolicy.importance(t.role(), t.content()), null, contextId, meta.get("userId"),
                meta.get("agentId"), "session:" + sessionId, null, null, null, metadata, t.timestamp(), "promotion");
    }

    private static CreateMemoryRequest summaryMemory(String sessionId, List<Turn> turns, SummaryWriter.Summary summary,
                                                     Map<String, String> meta, UUID contextId, long through) {
        return new CreateMemoryRequest("contextual", summary.text(), "Summary of session " + sessionId, null, null, null,
                null, 0.6, 0.7, contextId, meta.get("userId"), meta.get("agentId"), "session:" + sessionId, null, null,
                null, Map.of("source", "session-summary", "sessionId", sessionId, "throughSeq", through,
                        "summaryMethod", summary.method()),
                turns.isEmpty() ? null : turns.get(turns.size() - 1).timestamp(), "promotion");
    }
}
