package dev.engram.cache;

import dev.engram.platform.ExpiringIndex;
import dev.engram.platform.RedisKeys;
import dev.engram.platform.ShortTermUnavailable;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JSON values with TTLs in Redis, capped per tenant and namespace (least recently written evicted first, expired ones
 * never counted: {@link ExpiringIndex}).
 */
@ApplicationScoped
class ValueStore {

    /**
     * KEYS: value, index, expiry index. ARGV: json, ttlMillis, now, member, cap, key prefix. Evicts (deletes) the
     * entries over the cap in the same script; returns those that still existed.
     */
    private static final String PUT = ExpiringIndex.LUA + """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            local function keys_of(member) return {ARGV[6] .. member} end
            return index(KEYS[2], KEYS[3], ARGV[4], ARGV[3], now_millis() + tonumber(ARGV[2]), tonumber(ARGV[5]),
              keys_of)
            """;

    /** KEYS: value, index, expiry index. ARGV: member. 1 when the entry existed. */
    private static final String DELETE = ExpiringIndex.LUA + """
            local existed = redis.call('DEL', KEYS[1])
            forget(KEYS[2], KEYS[3], ARGV[1])
            return existed
            """;

    /** KEYS: value. Returns {json, pttl} or nil. */
    private static final String GET = """
            local v = redis.call('GET', KEYS[1])
            if not v then return nil end
            return {v, redis.call('PTTL', KEYS[1])}
            """;

    private final RedisDataSource redis;

    ValueStore(RedisDataSource redis) {
        this.redis = redis;
    }

    record Entry(String json, long ttlMillis) {
    }

    /** Stores the value; returns the keys evicted (deleted) to keep the namespace within {@code cap}. */
    List<String> put(String tenant, Namespace ns, String key, String json, long ttlMillis, long now, int cap) {
        Response r = ShortTermUnavailable.guard(() -> redis.execute(Command.EVAL, PUT, "3",
                RedisKeys.value(tenant, ns.key, key), RedisKeys.valueIndex(tenant, ns.key),
                RedisKeys.valueExpiryIndex(tenant, ns.key), json, Long.toString(ttlMillis), Long.toString(now), key,
                Integer.toString(cap), RedisKeys.valueKeyPrefix(tenant, ns.key)));
        List<String> evicted = new ArrayList<>();
        for (Response member : r) {
            evicted.add(member.toString());
        }
        return evicted;
    }

    Optional<Entry> get(String tenant, Namespace ns, String key) {
        Response r = ShortTermUnavailable.guard(() -> redis.execute(Command.EVAL, GET, "1", RedisKeys.value(tenant, ns.key, key)));
        return r == null ? Optional.empty() : Optional.of(new Entry(r.get(0).toString(), r.get(1).toLong()));
    }

    /** Deletes the entry; true when it existed. */
    boolean delete(String tenant, Namespace ns, String key) {
        Response r = ShortTermUnavailable.guard(() -> redis.execute(Command.EVAL, DELETE, "3",
                RedisKeys.value(tenant, ns.key, key), RedisKeys.valueIndex(tenant, ns.key),
                RedisKeys.valueExpiryIndex(tenant, ns.key), key));
        return r != null && r.toLong() == 1;
    }
}
