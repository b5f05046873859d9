package dev.engram.session;

import dev.engram.platform.RedisKeys;
import dev.engram.platform.ShortTermUnavailable;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.KeyScanCursor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions in Redis. Every multi-key change is one Lua script, so concurrent appends from many pods never lose or
 * reorder a turn and a session never exists without its TTL. Redis failures become {@code 503 short-term-unavailable}.
 * The hot paths (append, read, delete) are non-blocking so that the session endpoints run on the event loop; the
 * blocking variants wait for the same calls on worker threads.
 */
@ApplicationScoped
class SessionStore {

    /**
     * KEYS: turns, meta, index. ARGV: now, ttlMillis, maxTurns, maxSessions, sessionId, userId, agentId, contextId,
     * n, turn JSON × n (each a JSON object; the sequence number is put in front).
     */
    private static final String APPEND = """
            local n = tonumber(ARGV[9])
            local last = redis.call('HINCRBY', KEYS[2], 'seq', n)
            local first = last - n + 1
            for i = 1, n do
              redis.call('RPUSH', KEYS[1], '{"seq":' .. (first + i - 1) .. ',' .. string.sub(ARGV[9 + i], 2))
            end
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[3]), -1)
            redis.call('HSETNX', KEYS[2], 'createdAt', ARGV[1])
            redis.call('HSETNX', KEYS[2], 'accessCount', 0)
            redis.call('HSET', KEYS[2], 'lastAccess', ARGV[1], 'lastWrite', ARGV[1], 'ttlMillis', ARGV[2])
            if ARGV[6] ~= '' then redis.call('HSET', KEYS[2], 'userId', ARGV[6]) end
            if ARGV[7] ~= '' then redis.call('HSET', KEYS[2], 'agentId', ARGV[7]) end
            if ARGV[8] ~= '' then redis.call('HSET', KEYS[2], 'contextId', ARGV[8]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            redis.call('ZADD', KEYS[3], ARGV[1], ARGV[5])
            local evicted = {}
            local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[4])
            if over > 0 then
              local popped = redis.call('ZPOPMIN', KEYS[3], over)
              for i = 1, #popped, 2 do table.insert(evicted, popped[i]) end
            end
            return {first, last, redis.call('LLEN', KEYS[1]), evicted}
            """;

    /** KEYS: meta, turns. ARGV: now, lastN (-1 all, 0 none). Counts the access; nil when the session is gone. */
    private static final String READ = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
            redis.call('HINCRBY', KEYS[1], 'accessCount', 1)
            redis.call('HSET', KEYS[1], 'lastAccess', ARGV[1])
            local n = tonumber(ARGV[2])
            local turns = {}
            if n < 0 then turns = redis.call('LRANGE', KEYS[2], 0, -1)
            elseif n > 0 then turns = redis.call('LRANGE', KEYS[2], -n, -1) end
            return {redis.call('HGETALL', KEYS[1]), redis.call('PTTL', KEYS[1]), turns, redis.call('LLEN', KEYS[2])}
            """;

    /** KEYS: meta. ARGV: field, value. Sets a field only while the session lives (never creates a key without TTL). */
    private static final String SET_IF_EXISTS = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """;

    /** KEYS: lock. ARGV: token. Releases the lock only when this caller holds it. */
    private static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final Duration timeout;

    SessionStore(RedisDataSource redis, ReactiveRedisDataSource reactive,
                 @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10s") Duration timeout) {
        this.redis = redis;
        this.reactive = reactive;
        this.timeout = timeout;
    }

    record Appended(long firstSeq, long lastSeq, long turnCount, List<String> evictedSessionIds) {
    }

    record Stored(Map<String, String> meta, long ttlMillis, List<String> turns, long turnCount) {
    }

    Uni<Appended> append(String tenant, String sessionId, List<String> turnJsons, String userId, String agentId,
                         String contextId, long ttlMillis, int maxTurns, int maxSessions, long nowMillis) {
        List<String> args = new ArrayList<>(List.of(APPEND, "3", RedisKeys.sessionTurns(tenant, sessionId),
                RedisKeys.sessionMeta(tenant, sessionId), RedisKeys.sessionIndex(tenant),
                Long.toString(nowMillis), Long.toString(ttlMillis), Integer.toString(maxTurns),
                Integer.toString(maxSessions), sessionId, nz(userId), nz(agentId), nz(contextId),
                Integer.toString(turnJsons.size())));
        args.addAll(turnJsons);
        return guard(reactive.execute(Command.EVAL, args.toArray(String[]::new))).map(r -> {
            List<String> evicted = new ArrayList<>();
            for (Response id : r.get(3)) {
                evicted.add(id.toString());
            }
            return new Appended(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), evicted);
        });
    }

    /** Blocking {@link #readAsync}, for worker threads. */
    Optional<Stored> read(String tenant, String sessionId, int lastTurns, long nowMillis) {
        return readAsync(tenant, sessionId, lastTurns, nowMillis).await().indefinitely();
    }

    Uni<Optional<Stored>> readAsync(String tenant, String sessionId, int lastTurns, long nowMillis) {
        return guard(reactive.execute(Command.EVAL, READ, "2", RedisKeys.sessionMeta(tenant, sessionId),
                RedisKeys.sessionTurns(tenant, sessionId), Long.toString(nowMillis), Integer.toString(lastTurns)))
                .map(SessionStore::toStored);
    }

    private static Optional<Stored> toStored(Response r) {
        if (r == null) {
            return Optional.empty();
        }
        Map<String, String> meta = new HashMap<>();
        Response flat = r.get(0);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            meta.put(flat.get(i).toString(), flat.get(i + 1).toString());
        }
        List<String> turns = new ArrayList<>(r.get(2).size());
        for (Response t : r.get(2)) {
            turns.add(t.toString());
        }
        return Optional.of(new Stored(meta, r.get(1).toLong(), turns, r.get(3).toLong()));
    }

    /** Session ids of the tenant, most recently active first. */
    List<String> recentSessionIds(String tenant, int offset, int count) {
        return ShortTermUnavailable.guard(() -> redis.sortedSet(String.class).zrange(RedisKeys.sessionIndex(tenant), offset,
                offset + count - 1L, new io.quarkus.redis.datasource.sortedset.ZRangeArgs().rev()));
    }

    /** Metadata of a session without counting an access; empty when it has expired. */
    Map<String, String> meta(String tenant, String sessionId) {
        return ShortTermUnavailable.guard(() -> redis.hash(String.class).hgetall(RedisKeys.sessionMeta(tenant, sessionId)));
    }

    /** Removes the session; true when it existed. */
    boolean delete(String tenant, String sessionId) {
        return deleteAsync(tenant, sessionId).await().indefinitely();
    }

    Uni<Boolean> deleteAsync(String tenant, String sessionId) {
        return guard(reactive.key().del(RedisKeys.sessionTurns(tenant, sessionId), RedisKeys.sessionMeta(tenant, sessionId))
                .call(() -> reactive.sortedSet(String.class).zrem(RedisKeys.sessionIndex(tenant), sessionId))
                .map(removed -> removed > 0));
    }

    /** Ids of the tenant's live sessions whose metadata {@code field} (userId, agentId) equals {@code value}. */
    List<String> sessionIdsWith(String tenant, String field, String value) {
        return ShortTermUnavailable.guard(() -> {
            List<String> ids = new ArrayList<>();
            KeyScanCursor<String> cursor = redis.key().scan(new KeyScanArgs()
                    .match(RedisKeys.sessionMetaPattern(tenant)).count(500));
            while (cursor.hasNext()) {
                for (String key : cursor.next()) {
                    if (value.equals(redis.hash(String.class).hget(key, field))) {
                        ids.add(RedisKeys.sessionOfMetaKey(tenant, key));
                    }
                }
            }
            return ids;
        });
    }

    /** Removes every key of a session (turns, metadata, promotion lock) and its index entry. */
    void purge(String tenant, String sessionId) {
        ShortTermUnavailable.guard(() -> {
            redis.key().del(RedisKeys.sessionTurns(tenant, sessionId), RedisKeys.sessionMeta(tenant, sessionId),
                    RedisKeys.sessionPromotionLock(tenant, sessionId));
            return redis.sortedSet(String.class).zrem(RedisKeys.sessionIndex(tenant), sessionId);
        });
    }

    void forgetInIndex(String tenant, String sessionId) {
        ShortTermUnavailable.guard(() -> redis.sortedSet(String.class).zrem(RedisKeys.sessionIndex(tenant), sessionId));
    }

    boolean setIfExists(String tenant, String sessionId, String field, String value) {
        Response r = ShortTermUnavailable.guard(() -> redis.execute(Command.EVAL, SET_IF_EXISTS, "1", RedisKeys.sessionMeta(tenant, sessionId),
                field, value));
        return r != null && r.toLong() == 1;
    }

    boolean lockPromotion(String tenant, String sessionId, String token, long ttlMillis) {
        Response r = ShortTermUnavailable.guard(() -> redis.execute(Command.SET, RedisKeys.sessionPromotionLock(tenant, sessionId), token,
                "NX", "PX", Long.toString(ttlMillis)));
        return r != null && "OK".equals(r.toString());
    }

    void unlockPromotion(String tenant, String sessionId, String token) {
        ShortTermUnavailable.guard(() -> redis.execute(Command.EVAL, UNLOCK, "1", RedisKeys.sessionPromotionLock(tenant, sessionId), token));
    }

    private <T> Uni<T> guard(Uni<T> call) {
        return ShortTermUnavailable.guard(call, timeout);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
