package dev.engram.ratelimit;

import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.platform.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * A token bucket per API key in Redis: one atomic script per request, timed by Redis' own clock so that pods with
 * skewed clocks share one bucket correctly. Over the limit → {@code 429 rate-limited} with {@code Retry-After}.
 * When Redis is slow or down, requests pass (long-term memory must keep serving) and checks pause for a back-off.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** KEYS: bucket. ARGV: rate per second, burst. Returns {allowed 0/1, tokens left, milliseconds to wait}. */
    private static final String TAKE = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(b[1])
            local ts = tonumber(b[2])
            if tokens == nil then tokens = burst; ts = now end
            tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
            local allowed = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            else
              wait = math.ceil((1 - tokens) * 1000 / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
            return {allowed, math.floor(tokens), wait}
            """;

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    private final Counter rejected;
    private final Counter unchecked;
    private volatile long pausedUntil;

    RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.config = config;
        this.rejected = Counter.builder("engram.rate.limit.rejected")
                .description("Requests refused with 429 because their key was over its rate limit").register(registry);
        this.unchecked = Counter.builder("engram.rate.limit.unchecked")
                .description("Requests let through unchecked because Redis was unavailable").register(registry);
    }

    /** Completes when the key may make one more request; fails with a 429 problem otherwise. */
    public Uni<Void> acquire(String tenantId, UUID keyId) {
        if (!config.enabled() || keyId == null) {
            return Uni.createFrom().voidItem();
        }
        if (System.currentTimeMillis() < pausedUntil) {
            unchecked.increment();
            return Uni.createFrom().voidItem();
        }
        return redis.execute(Command.EVAL, TAKE, "1", RedisKeys.rateLimitBucket(tenantId, keyId.toString()),
                        Double.toString(config.requestsPerSecond()), Integer.toString(config.burst()))
                .ifNoItem().after(config.timeout()).fail()
                .onItemOrFailure().transformToUni((r, failure) -> {
                    if (failure != null || r == null) { // no reply (a reset connection) counts as a failure
                        pausedUntil = System.currentTimeMillis() + config.backOff().toMillis();
                        unchecked.increment();
                        LOG.debugf("Rate limit not checked (Redis: %s); unchecked for %s",
                                failure != null ? failure : "no reply", config.backOff());
                        return Uni.createFrom().voidItem();
                    }
                    if (r.get(0).toInteger() == 1) {
                        return Uni.createFrom().voidItem();
                    }
                    rejected.increment();
                    long waitMillis = r.get(2).toLong();
                    int retryAfter = (int) Math.max(1, (waitMillis + 999) / 1000);
                    return Uni.createFrom().failure(new ProblemException(ProblemType.RATE_LIMITED,
                            "This API key is over its limit of " + config.requestsPerSecond() + " requests/s (burst "
                                    + config.burst() + "); retry in " + retryAfter + " s",
                            Map.of("limitPerSecond", config.requestsPerSecond(), "burst", config.burst()),
                            retryAfter, null));
                });
    }
}
