package dev.engram.platform;

/**
 * Lua functions for the capped indexes of the short-term tier (sessions, cache, temp), prepended to the scripts that
 * use them. An index is two ZSETs over the same members: {@code idx} scored by last write (epoch millis; the order of
 * listing and of eviction: least recently written first) and {@code exp} scored by expiry (Redis server time in
 * epoch millis, the clock Redis expires the members' keys by; TTLs differ per request). Every script that counts or
 * lists first forgets the members whose keys have expired, so expired entries never count against a cap and never
 * push a live one out. Eviction deletes the evicted members' keys in the same script, so a write to a member can
 * never be acknowledged between its eviction from the index and the deletion of its keys.
 * <p>
 * {@code keys_of(member)} (defined by each script) returns the keys of a member, built from a prefix of
 * {@link RedisKeys} passed in ARGV. Redis Cluster is not supported (docs/deploy.md): these keys are not declared.
 */
public final class ExpiringIndex {

    private ExpiringIndex() {
    }

    /**
     * {@code now_millis()}; {@code forget_expired(idx, exp)}; {@code forget(idx, exp, member)};
     * {@code index(idx, exp, member, writtenAt, expiresAt, cap, keys_of)}: adds or moves the member, first evicting the
     * least recently written others (with their keys) so that at most {@code cap} members remain; returns the evicted
     * members whose keys still existed. The member being written is never evicted, even on a tie of write times.
     */
    public static final String LUA = """
            local function now_millis()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function forget_expired(idx, exp)
              local now = now_millis()
              local gone = redis.call('ZRANGE', exp, '-inf', '(' .. now, 'BYSCORE')
              for i = 1, #gone do redis.call('ZREM', idx, gone[i]) end
              if #gone > 0 then redis.call('ZREMRANGEBYSCORE', exp, '-inf', '(' .. now) end
              return now
            end
            local function forget(idx, exp, member)
              redis.call('ZREM', idx, member)
              redis.call('ZREM', exp, member)
            end
            local function index(idx, exp, member, written_at, expires_at, cap, keys_of)
              forget_expired(idx, exp)
              redis.call('ZREM', idx, member)
              local evicted = {}
              local over = redis.call('ZCARD', idx) - (cap - 1)
              while over > 0 do
                local popped = redis.call('ZPOPMIN', idx)
                if #popped == 0 then break end
                redis.call('ZREM', exp, popped[1])
                if redis.call('DEL', unpack(keys_of(popped[1]))) > 0 then table.insert(evicted, popped[1]) end
                over = over - 1
              end
              redis.call('ZADD', idx, written_at, member)
              redis.call('ZADD', exp, expires_at, member)
              return evicted
            end
            """;
}
