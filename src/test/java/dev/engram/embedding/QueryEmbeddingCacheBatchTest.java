package dev.engram.embedding;

import dev.engram.platform.RedisKeys;
import dev.engram.testing.RedisMonitor;
import dev.engram.testing.TestServices;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query embeddings a search computed go back to Redis in one round trip (one script setting every key with its
 * TTL), watched with the real Redis's MONITOR.
 */
@QuarkusTest
class QueryEmbeddingCacheBatchTest {

    @Inject
    QueryEmbeddingCache cache;
    @Inject
    Embedder embedder;
    @Inject
    EmbeddingConfig config;
    @Inject
    RedisDataSource redis;

    @Test
    void missedEmbeddingsShouldBeWrittenBackInOneRoundTripWithTheirTtl() throws Exception {
        Assumptions.assumeTrue(TestServices.ownsRedis(), "MONITOR needs the suite's own Redis");
        String tenant = "batch-" + UUID.randomUUID();
        String keys = RedisKeys.queryEmbedding(tenant, embedder.modelName(), "");
        List<String> queries = List.of("first question " + tenant, "second question " + tenant,
                "third question " + tenant);
        try (RedisMonitor monitor = RedisMonitor.start()) {
            List<float[]> computed = cache.embed(tenant, queries);
            List<RedisMonitor.Command> sent = monitor.commands().stream().filter(c -> c.mentions(keys)).toList();
            assertThat(sent.stream().filter(c -> !c.fromScript()).map(c -> word(c.line())))
                    .as("round trips").containsExactly("MGET", "EVAL");
            assertThat(sent.stream().filter(RedisMonitor.Command::fromScript).map(c -> word(c.line())))
                    .containsExactly("SET", "SET", "SET");
            long ttl = config.queryCacheTtl().toMillis();
            for (int i = 0; i < queries.size(); i++) {
                String key = RedisKeys.queryEmbedding(tenant, embedder.modelName(), sha256(queries.get(i)));
                assertThat(QueryEmbeddingCache.decode(redis.value(String.class).get(key))).isEqualTo(computed.get(i));
                assertThat(redis.key().pttl(key)).isBetween(ttl - 60_000, ttl);
            }
            monitor.commands(); // this test's own reads

            // two cached, one new: one read, one write of the new one
            List<float[]> again = cache.embed(tenant, List.of(queries.get(2), "fourth question " + tenant,
                    queries.get(0)));
            assertThat(again.get(0)).isEqualTo(computed.get(2));
            assertThat(again.get(2)).isEqualTo(computed.get(0));
            sent = monitor.commands().stream().filter(c -> c.mentions(keys)).toList();
            assertThat(sent.stream().map(c -> c.client().equals("lua") ? "lua " + word(c.line()) : word(c.line())))
                    .containsExactly("MGET", "EVAL", "lua SET");

            // all cached: the one read only
            cache.embed(tenant, queries);
            assertThat(monitor.commands().stream().filter(c -> c.mentions(keys)).map(c -> word(c.line())))
                    .containsExactly("MGET");
        }
    }

    /** The command's name, from MONITOR's {@code "NAME" "arg" ...}. */
    private static String word(String line) {
        return line.substring(1, line.indexOf('"', 1)).toUpperCase(java.util.Locale.ROOT);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
