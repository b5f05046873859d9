package dev.engram.embedding;

import dev.engram.platform.RedisKeys;
import dev.engram.platform.ShortTermUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.KeyScanCursor;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Query embeddings cached in Redis so the same search text is not embedded twice while cached. The cache is an
 * optimisation: when Redis fails, searches embed directly and the cache is skipped for a short back-off, so the
 * long-term tier never waits on the short-term one.
 */
@ApplicationScoped
public class QueryEmbeddingCache {

    private static final Logger LOG = Logger.getLogger(QueryEmbeddingCache.class);
    private static final long BACK_OFF_MILLIS = 5_000;
    /**
     * Writes back every embedding a search computed in one round trip. KEYS: the cache keys; ARGV: the TTL in
     * milliseconds, then one value per key.
     */
    private static final String PUT_ALL = """
            for i, key in ipairs(KEYS) do
              redis.call('SET', key, ARGV[i + 1], 'PX', ARGV[1])
            end
            return #KEYS
            """;

    private final Embedder embedder;
    private final RedisDataSource redis;
    private final EmbeddingConfig config;
    private final Clock clock;
    private final Counter hits;
    private final Counter misses;
    private volatile long skipUntil;
    /** Per tenant since start: [hits, misses] (for {@code GET /v1/stats/retrieval}); bounded number of tenants. */
    private final ConcurrentHashMap<String, LongAdder[]> byTenant =
            new ConcurrentHashMap<>();

    QueryEmbeddingCache(Embedder embedder, RedisDataSource redis, EmbeddingConfig config, Clock clock,
                        MeterRegistry registry) {
        this.embedder = embedder;
        this.redis = redis;
        this.config = config;
        this.clock = clock;
        this.hits = Counter.builder("engram.query.embedding.cache").tag("result", "hit")
                .description("Query embeddings served from the cache").register(registry);
        this.misses = Counter.builder("engram.query.embedding.cache").tag("result", "miss")
                .description("Query embeddings computed").register(registry);
    }

    /** Embeddings of the queries, in order, from the cache where present. */
    public List<float[]> embed(String tenant, List<String> queries) {
        if (config.queryCacheTtl().isZero() || clock.millis() < skipUntil) {
            misses.increment(queries.size());
            count(tenant, 0, queries.size());
            return embedder.embedQueries(queries);
        }
        List<String> keys = queries.stream().map(q -> RedisKeys.queryEmbedding(tenant, embedder.modelName(), hash(q))).toList();
        List<float[]> out = new ArrayList<>(queries.size());
        List<Integer> missing = new ArrayList<>();
        Response cached = redisCall(() -> redis.execute(Command.MGET, keys.toArray(String[]::new)));
        for (int i = 0; i < queries.size(); i++) {
            Response r = cached == null ? null : cached.get(i);
            if (r == null) {
                out.add(null);
                missing.add(i);
            } else {
                out.add(decode(r.toString()));
            }
        }
        hits.increment(queries.size() - missing.size());
        misses.increment(missing.size());
        count(tenant, queries.size() - missing.size(), missing.size());
        if (!missing.isEmpty()) {
            List<float[]> computed = embedder.embedQueries(missing.stream().map(queries::get).toList());
            List<String> args = new ArrayList<>(List.of(PUT_ALL, Integer.toString(missing.size())));
            missing.forEach(i -> args.add(keys.get(i)));
            args.add(Long.toString(config.queryCacheTtl().toMillis()));
            for (int j = 0; j < missing.size(); j++) {
                out.set(missing.get(j), computed.get(j));
                args.add(encode(computed.get(j)));
            }
            redisCall(() -> redis.execute(Command.EVAL, args.toArray(String[]::new)));
        }
        return out;
    }

    /**
     * Drops every cached query embedding of the tenant (for an erasure request: the entries are keyed by a hash of
     * the query text, so they cannot be told apart by user; the cache refills itself). Returns how many were dropped;
     * throws when Redis cannot be reached.
     */
    public long clear(String tenant) {
        return ShortTermUnavailable.guard(() -> {
            long removed = 0;
            KeyScanCursor<String> cursor = redis.key().scan(new KeyScanArgs()
                    .match(RedisKeys.queryEmbeddingPattern(tenant)).count(500));
            while (cursor.hasNext()) {
                Set<String> keys = cursor.next();
                if (!keys.isEmpty()) {
                    removed += redis.key().del(keys.toArray(String[]::new));
                }
            }
            return removed;
        });
    }

    /** Hits and misses of the tenant's query embeddings in this pod since start. */
    public record TenantCounts(long hits, long misses) {
    }

    public TenantCounts counts(String tenant) {
        LongAdder[] c = byTenant.get(tenant);
        return c == null ? new TenantCounts(0, 0) : new TenantCounts(c[0].sum(), c[1].sum());
    }

    private void count(String tenant, long hitCount, long missCount) {
        LongAdder[] c = byTenant.get(tenant);
        if (c == null) {
            if (byTenant.size() >= 100_000) {
                return;
            }
            c = byTenant.computeIfAbsent(tenant, t -> new LongAdder[] {
                    new LongAdder(), new LongAdder()});
        }
        c[0].add(hitCount);
        c[1].add(missCount);
    }

    private <T> T redisCall(java.util.function.Supplier<T> action) {
        if (clock.millis() < skipUntil) {
            return null;
        }
        try {
            return action.get();
        } catch (RuntimeException e) {
            skipUntil = clock.millis() + BACK_OFF_MILLIS;
            LOG.warnf("Query-embedding cache unavailable, embedding directly for %d ms: %s", BACK_OFF_MILLIS, e.toString());
            return null;
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    static float[] decode(String s) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }
}
