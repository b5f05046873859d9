package dev.engram.session;

import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.session.api.AppendTurnsRequest;
import dev.engram.session.api.AppendTurnsResponse;
import dev.engram.session.api.NewTurn;
import dev.engram.session.api.SessionResponse;
import dev.engram.session.api.Turn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Conversation sessions: append, read, list and end; TTL, turn cap and tenant cap enforced in Redis. */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final SessionStore store;
    private final TurnCodec codec;
    private final ShortTermConfig config;
    private final Clock clock;
    private final Counter evictions;

    SessionService(SessionStore store, TurnCodec codec, ShortTermConfig config, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.codec = codec;
        this.config = config;
        this.clock = clock;
        this.evictions = Counter.builder("engram.sessions.evicted")
                .description("Sessions evicted because a tenant reached its live-session cap").register(registry);
    }

    /** Appends atomically (non-blocking); the same script evicts the sessions the tenant cap pushed out. */
    public Uni<AppendTurnsResponse> append(String tenant, String sessionId, AppendTurnsRequest request) {
        SessionIds.require(sessionId);
        checkTurns(request.messages());
        long ttl = ttlMillis(request.ttlSeconds());
        Instant now = clock.instant();
        List<String> encoded = request.messages().stream().map(t -> codec.encode(t, now)).toList();
        return store.append(tenant, sessionId, encoded, request.userId(), request.agentId(),
                        request.contextId() == null ? null : request.contextId().toString(), ttl,
                        config.maxTurnsPerSession(), config.maxSessionsPerTenant(), now.toEpochMilli())
                .invoke(r -> counted(tenant, r.evictedSessionIds()))
                .map(r -> new AppendTurnsResponse(sessionId, r.firstSeq(), r.lastSeq(), r.turnCount(), ttl / 1000));
    }

    private void counted(String tenant, List<String> evicted) {
        for (String id : evicted) {
            evictions.increment();
            LOG.debugf("Evicted session %s of tenant %s (tenant cap %d)", id, tenant, config.maxSessionsPerTenant());
        }
    }

    /** The session with its last {@code lastTurns} turns (all when negative); counts as an access. Non-blocking. */
    public Uni<SessionResponse> get(String tenant, String sessionId, int lastTurns) {
        SessionIds.require(sessionId);
        return store.readAsync(tenant, sessionId, lastTurns, clock.millis()).map(found -> {
            SessionStore.Stored s = found.orElseThrow(() -> ProblemException.notFound("Session", sessionId));
            return toResponse(sessionId, s.meta(), s.ttlMillis(), s.turnCount(),
                    s.turns().stream().map(codec::decode).toList());
        });
    }

    /** Live sessions of the tenant, most recently written first, optionally only a user's or an agent's. */
    public List<SessionResponse> list(String tenant, String userId, String agentId, int limit) {
        List<SessionResponse> out = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        SessionStore.Cursor cursor = SessionStore.Cursor.START;
        while (cursor != null && out.size() < limit) {
            SessionStore.Page page = store.page(tenant, cursor, Math.max(limit, 100));
            for (SessionStore.Listed s : page.sessions()) {
                Map<String, String> meta = s.meta();
                if ((userId == null || userId.equals(meta.get("userId")))
                        && (agentId == null || agentId.equals(meta.get("agentId"))) && listed.add(s.sessionId())) {
                    out.add(toResponse(s.sessionId(), meta, remainingMillis(meta),
                            Math.min(parseLong(meta.get("seq")), config.maxTurnsPerSession()), null));
                    if (out.size() == limit) {
                        break;
                    }
                }
            }
            cursor = page.next();
        }
        return out;
    }

    /** Ends a session; true when it existed. */
    public boolean delete(String tenant, String sessionId) {
        SessionIds.require(sessionId);
        return store.delete(tenant, sessionId);
    }

    /**
     * Removes every live session of the tenant whose {@code userId} (or {@code agentId}, with {@code agent}) is the
     * given one, for an erasure request. A promotion of such a session that is running is waited for (bounded), so it
     * cannot write the session's turns to long-term memory after the erasure; returns how many sessions were removed.
     */
    public int eraseOwner(String tenant, boolean agent, String ownerId) {
        List<String> ids = store.sessionIdsWith(tenant, agent ? "agentId" : "userId", ownerId);
        for (String id : ids) {
            String token = UUID.randomUUID().toString();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean locked = store.lockPromotion(tenant, id, token, 30_000);
            while (!locked && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                locked = store.lockPromotion(tenant, id, token, 30_000);
            }
            store.purge(tenant, id);
        }
        return ids.size();
    }

    private void checkTurns(List<NewTurn> turns) {
        if (turns.size() > config.maxTurnsPerAppend()) {
            throw invalid("messages", "at most " + config.maxTurnsPerAppend() + " turns per request");
        }
        for (int i = 0; i < turns.size(); i++) {
            int bytes = turns.get(i).content().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > config.maxTurnBytes()) {
                throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "messages[" + i + "].content has " + bytes
                        + " bytes; the limit is " + config.maxTurnBytes() + " (UTF-8)",
                        Map.of("field", "messages[" + i + "].content", "limitBytes", config.maxTurnBytes(),
                                "actualBytes", bytes));
            }
        }
    }

    private long ttlMillis(Long ttlSeconds) {
        if (ttlSeconds == null) {
            return config.sessionTtl().toMillis();
        }
        Duration ttl = Duration.ofSeconds(ttlSeconds);
        if (ttl.compareTo(config.sessionMinTtl()) < 0 || ttl.compareTo(config.sessionMaxTtl()) > 0) {
            throw invalid("ttlSeconds", "must be between " + config.sessionMinTtl().toSeconds() + " and "
                    + config.sessionMaxTtl().toSeconds());
        }
        return ttl.toMillis();
    }

    private long remainingMillis(Map<String, String> meta) {
        return Math.max(0, expiresAtMillis(meta) - clock.millis());
    }

    /** The TTL is refreshed by writes only: a session expires ttlMillis after its last write. */
    static long expiresAtMillis(Map<String, String> meta) {
        return parseLong(meta.get("lastWrite")) + parseLong(meta.get("ttlMillis"));
    }

    static SessionResponse toResponse(String id, Map<String, String> meta, long ttlMillis, long turnCount, List<Turn> turns) {
        String context = meta.get("contextId");
        return new SessionResponse(id, meta.get("userId"), meta.get("agentId"),
                context == null ? null : UUID.fromString(context), instant(meta.get("createdAt")),
                instant(meta.get("lastAccess")), parseLong(meta.get("accessCount")), Math.max(0, ttlMillis) / 1000,
                turnCount, parseLong(meta.get("promotedSeq")), turns);
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static long parseLong(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    static ProblemException invalid(String field, String message) {
        return ProblemException.invalidField(field, message);
    }
}
