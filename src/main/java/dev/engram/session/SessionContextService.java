package dev.engram.session;

import dev.engram.platform.ProblemException;
import dev.engram.search.SearchService;
import dev.engram.search.api.MemoryHit;
import dev.engram.search.api.SearchMemoriesRequest;
import dev.engram.session.api.Role;
import dev.engram.session.api.SessionContextResponse;
import dev.engram.session.api.Turn;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Prompt-ready context for a session: the most recent turns within the message and token budget, and the long-term
 * memories most relevant to the last user turn (or an explicit query), scoped to the session's user.
 */
@ApplicationScoped
public class SessionContextService {

    private final SessionStore store;
    private final TurnCodec codec;
    private final SearchService search;
    private final Clock clock;

    SessionContextService(SessionStore store, TurnCodec codec, SearchService search, Clock clock) {
        this.store = store;
        this.codec = codec;
        this.search = search;
        this.clock = clock;
    }

    /**
     * Non-blocking while only Redis is involved; the long-term search (embedding + PostgreSQL) runs on a worker
     * thread, and only when memories are asked for and there is something to search with.
     */
    public Uni<SessionContextResponse> context(String tenant, String sessionId, int maxMessages, int maxTokens,
                                               String query, int maxMemories) {
        SessionIds.require(sessionId);
        return store.readAsync(tenant, sessionId, maxMessages, clock.millis()).flatMap(found -> {
            SessionStore.Stored stored = found.orElseThrow(() -> ProblemException.notFound("Session", sessionId));
            List<Turn> turns = stored.turns().stream().map(codec::decode).toList();
            String effectiveQuery = query != null && !query.isBlank() ? query : lastUserTurn(turns);
            if (maxMemories == 0 || effectiveQuery == null) {
                return Uni.createFrom().item(assemble(sessionId, effectiveQuery, turns, List.of(), maxMessages, maxTokens));
            }
            return Uni.createFrom()
                    .item(() -> memories(tenant, effectiveQuery, stored.meta().get("userId"), maxMemories))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(memories -> assemble(sessionId, effectiveQuery, turns, memories, maxMessages, maxTokens));
        });
    }

    private List<MemoryHit> memories(String tenant, String query, String userId, int maxMemories) {
        return search.search(tenant, new SearchMemoriesRequest(query, null, null, null, null, null, null, null, userId,
                null, null, null, null, null, null, maxMemories, false, null)).hits();
    }

    private static SessionContextResponse assemble(String sessionId, String query, List<Turn> turns,
                                                   List<MemoryHit> memories, int maxMessages, int maxTokens) {
        int memoryTokens = memories.stream().mapToInt(h -> ContextBudget.estimateTokens(h.memory().content()) + 8).sum();
        List<Turn> recent = ContextBudget.recentWithin(turns, maxMessages, Math.max(0, maxTokens - memoryTokens));
        int tokens = memoryTokens + recent.stream().mapToInt(ContextBudget::turnTokens).sum();
        return new SessionContextResponse(sessionId, query, recent, memories, tokens, render(recent, memories));
    }

    private static String lastUserTurn(List<Turn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role() == Role.USER) {
                return turns.get(i).content();
            }
        }
        return null;
    }

    static String render(List<Turn> turns, List<MemoryHit> memories) {
        StringBuilder sb = new StringBuilder();
        if (!memories.isEmpty()) {
            sb.append("Relevant memories:\n");
            for (MemoryHit hit : memories) {
                LocalDate day = hit.memory().occurredAt().atZone(ZoneOffset.UTC).toLocalDate();
                sb.append("- (").append(hit.memory().type()).append(", ").append(day).append(") ")
                        .append(hit.memory().content().replace('\n', ' ')).append('\n');
            }
            sb.append('\n');
        }
        if (!turns.isEmpty()) {
            sb.append("Conversation:\n");
            for (Turn t : turns) {
                sb.append(t.role().json());
                if (t.name() != null) {
                    sb.append(" (").append(t.name()).append(')');
                }
                sb.append(": ").append(t.content()).append('\n');
            }
        }
        return sb.toString();
    }
}
