package dev.engram.cache;

import dev.engram.platform.RedisKeys;
import dev.engram.platform.ShortTermUnavailable;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JSON values with TTLs in Redis, capped per tenant and namespace (oldest written evicted first). */
@ApplicationScoped
class ValueStore {

    /** KEYS: value, index. ARGV: json, ttlMillis, now, member, cap. Returns the members evicted over the cap. */
    private static final String PUT = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
            local evicted = {}
            local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
            if over > 0 then
              local popped = redis.call('ZPOPMIN', KEYS[2], over)
              for i = 1, #popped, 2 do table.insert(evicted, popped[i]) end
            end
            return evicted
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

    List<String> put(String tenant, Namespace ns, String key, String json, long ttlMillis, long now, int cap) {
        Response r = ShortTermUnavailable.guard(() -> redis.execute(Command.EVAL, PUT, "2", RedisKeys.value(tenant, ns.key, key),
                RedisKeys.valueIndex(tenant, ns.key), json, Long.toString(ttlMillis), Long.toString(now), key,
                Integer.toString(cap)));
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
        return ShortTermUnavailable.guard(() -> {
            int removed = redis.key().del(RedisKeys.value(tenant, ns.key, key));
            redis.sortedSet(String.class).zrem(RedisKeys.valueIndex(tenant, ns.key), key);
            return removed > 0;
        });
    }
}
