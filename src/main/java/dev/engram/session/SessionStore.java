package dev.engram.session;

import dev.engram.platform.ExpiringIndex;
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
     * KEYS: turns, meta, index, expiry index. ARGV: now, ttlMillis, maxTurns, maxSessions, sessionId, userId, agentId,
     * contextId, key prefix, turns suffix, meta suffix, n, turn JSON × n (each a JSON object; the sequence number is put
     * in front). Sessions over the tenant cap are evicted (deleted) by the same script; returns their ids.
     */
    private static final String APPEND = ExpiringIndex.LUA + """
            local n = tonumber(ARGV[12])
            local last = redis.call('HINCRBY', KEYS[2], 'seq', n)
            local first = last - n + 1
            for i = 1, n do
              redis.call('RPUSH', KEYS[1], '{"seq":' .. (first + i - 1) .. ',' .. string.sub(ARGV[12 + i], 2))
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
            local function keys_of(id) return {ARGV[9] .. id .. ARGV[10], ARGV[9] .. id .. ARGV[11]} end
            local evicted = index(KEYS[3], KEYS[4], ARGV[5], ARGV[1], now_millis() + tonumber(ARGV[2]),
              tonumber(ARGV[4]), keys_of)
            return {first, last, redis.call('LLEN', KEYS[1]), evicted}
            """;

    /**
     * KEYS: index, expiry index. ARGV: key prefix, meta suffix, cursor score, cursor id ('' for the first page), count.
     * Up to {@code count} sessions after the cursor, most recently written first, with their metadata: {id, meta
     * (flat) …}, the score and id of the last one looked at (the next cursor) and how many were looked at. Entries
     * whose session is gone are dropped from the index; ones indexed before the expiry index existed are added to it.
     */
    private static final String PAGE = ExpiringIndex.LUA + """
            local now = forget_expired(KEYS[1], KEYS[2])
            local count = tonumber(ARGV[5])
            local entries = {}
            local max = '+inf'
            if ARGV[4] ~= '' then
              local ties = redis.call('ZRANGE', KEYS[1], ARGV[3], ARGV[3], 'BYSCORE', 'REV', 'WITHSCORES')
              local start = 1
              for i = 1, #ties, 2 do
                if ties[i] == ARGV[4] then start = i + 2 end
              end
              for i = start, #ties, 2 do table.insert(entries, {ties[i], ties[i + 1]}) end
              max = '(' .. ARGV[3]
            end
            if #entries < count then
              local rest = redis.call('ZRANGE', KEYS[1], max, '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, count - #entries,
                'WITHSCORES')
              for i = 1, #rest, 2 do table.insert(entries, {rest[i], rest[i + 1]}) end
            end
            local n = math.min(#entries, count)
            local out = {}
            for i = 1, n do
              local id = entries[i][1]
              local meta = redis.call('HGETALL', ARGV[1] .. id .. ARGV[2])
              if #meta == 0 then
                forget(KEYS[1], KEYS[2], id)
              else
                if not redis.call('ZSCORE', KEYS[2], id) then
                  local pttl = redis.call('PTTL', ARGV[1] .. id .. ARGV[2])
                  if pttl > 0 then redis.call('ZADD', KEYS[2], now + pttl, id) end
                end
                table.insert(out, id)
                table.insert(out, meta)
              end
            end
            if n == 0 then return {out, '', '', 0} end
            return {out, entries[n][2], entries[n][1], n}
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

    /** KEYS: turns, meta, index, expiry index[, promotion lock]. ARGV: sessionId. 1 when the session existed. */
    private static final String DELETE = """
            local existed = redis.call('DEL', KEYS[1], KEYS[2])
            if KEYS[5] then redis.call('DEL', KEYS[5]) end
            redis.call('ZREM', KEYS[3], ARGV[1])
            redis.call('ZREM', KEYS[4], ARGV[1])
            return existed > 0 and 1 or 0
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

    /** Sessions of one page of {@link #page} and the cursor of the next page (null after the last one). */
    record Page(List<Listed> sessions, Cursor next) {
    }

    record Listed(String sessionId, Map<String, String> meta) {
    }

    /** A position in the index, most recently written first: the score and id of the last session looked at. */
    record Cursor(String score, String sessionId) {
        static final Cursor START = new Cursor("+inf", "");
    }

    Uni<Appended> append(String tenant, String sessionId, List<String> turnJsons, String userId, String agentId,
                         String contextId, long ttlMillis, int maxTurns, int maxSessions, long nowMillis) {
        List<String> args = new ArrayList<>(List.of(APPEND, "4", RedisKeys.sessionTurns(tenant, sessionId),
                RedisKeys.sessionMeta(tenant, sessionId), RedisKeys.sessionIndex(tenant),
                RedisKeys.sessionExpiryIndex(tenant), Long.toString(nowMillis), Long.toString(ttlMillis),
                Integer.toString(maxTurns), Integer.toString(maxSessions), sessionId, nz(userId), nz(agentId),
                nz(contextId), RedisKeys.sessionKeyPrefix(tenant), RedisKeys.SESSION_TURNS_SUFFIX,
                RedisKeys.SESSION_META_SUFFIX, Integer.toString(turnJsons.size())));
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
        Map<String, String> meta = toMap(r.get(0));
        List<String> turns = new ArrayList<>(r.get(2).size());
        for (Response t : r.get(2)) {
            turns.add(t.toString());
        }
        return Optional.of(new Stored(meta, r.get(1).toLong(), turns, r.get(3).toLong()));
    }

    /**
     * Up to {@code count} of the tenant's live sessions after {@code cursor}, most recently written first, with their
     * metadata: one round trip. Sessions removed or expired between pages do not shift the next page.
     */
    Page page(String tenant, Cursor cursor, int count) {
        Response r = ShortTermUnavailable.guard(() -> redis.execute(Command.EVAL, PAGE, "2",
                RedisKeys.sessionIndex(tenant), RedisKeys.sessionExpiryIndex(tenant), RedisKeys.sessionKeyPrefix(tenant),
                RedisKeys.SESSION_META_SUFFIX, cursor.score(), cursor.sessionId(), Integer.toString(count)));
        List<Listed> sessions = new ArrayList<>();
        Response flat = r.get(0);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            sessions.add(new Listed(flat.get(i).toString(), toMap(flat.get(i + 1))));
        }
        long lookedAt = r.get(3).toLong();
        return new Page(sessions, lookedAt < count ? null : new Cursor(r.get(1).toString(), r.get(2).toString()));
    }

    /** Removes the session (turns, metadata, index entries); true when it existed. */
    boolean delete(String tenant, String sessionId) {
        return remove(tenant, sessionId, false);
    }

    /** Removes every key of a session (turns, metadata, promotion lock) and its index entries. */
    void purge(String tenant, String sessionId) {
        remove(tenant, sessionId, true);
    }

    private boolean remove(String tenant, String sessionId, boolean withLock) {
        List<String> args = new ArrayList<>(List.of(DELETE, withLock ? "5" : "4",
                RedisKeys.sessionTurns(tenant, sessionId), RedisKeys.sessionMeta(tenant, sessionId),
                RedisKeys.sessionIndex(tenant), RedisKeys.sessionExpiryIndex(tenant)));
        if (withLock) {
            args.add(RedisKeys.sessionPromotionLock(tenant, sessionId));
        }
        args.add(sessionId);
        Response r = ShortTermUnavailable.guard(() -> redis.execute(Command.EVAL, args.toArray(String[]::new)));
        return r != null && r.toLong() == 1;
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

    private static Map<String, String> toMap(Response flat) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(flat.get(i).toString(), flat.get(i + 1).toString());
        }
        return map;
    }

    private <T> Uni<T> guard(Uni<T> call) {
        return ShortTermUnavailable.guard(call, timeout);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
