package dev.engram.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.cache.api.StoredValueResponse;
import dev.engram.platform.Params;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.platform.Violation;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Request cache and temporary storage: any JSON value, a TTL within bounds, a per-tenant capacity. */
@ApplicationScoped
public class ValueStoreService {

    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,255}$");

    private final ValueStore store;
    private final ValueStoreConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry registry;

    ValueStoreService(ValueStore store, ValueStoreConfig config, ObjectMapper json, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.registry = registry;
    }

    StoredValueResponse put(String tenant, Namespace ns, String key, JsonNode value, String ttlSeconds) {
        requireKey(key);
        if (value == null) {
            throw ProblemException.invalidField("body", "must be a JSON value");
        }
        Duration ttl = ttl(ns, ttlSeconds);
        String serialised = serialise(value);
        int bytes = serialised.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxValueBytes()) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "The value has " + bytes + " bytes; the limit is "
                    + config.maxValueBytes(), Map.of("limitBytes", config.maxValueBytes(), "actualBytes", bytes));
        }
        Instant now = clock.instant();
        List<String> evicted = store.put(tenant, ns, key, serialised, ttl.toMillis(), now.toEpochMilli(),
                config.maxEntriesPerTenant());
        if (!evicted.isEmpty()) {
            registry.counter("engram.values.evicted", "namespace", ns.key).increment(evicted.size());
        }
        return new StoredValueResponse(key, null, ttl.toSeconds(), now.plus(ttl), bytes);
    }

    StoredValueResponse get(String tenant, Namespace ns, String key) {
        requireKey(key);
        ValueStore.Entry e = store.get(tenant, ns, key).orElseThrow(() -> notFound(ns, key));
        try {
            registry.counter("engram.values.reads", "namespace", ns.key).increment();
            return new StoredValueResponse(key, json.readTree(e.json()), Math.max(0, e.ttlMillis()) / 1000,
                    clock.instant().plusMillis(Math.max(0, e.ttlMillis())), null);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("A stored value is not valid JSON", ex);
        }
    }

    void delete(String tenant, Namespace ns, String key) {
        requireKey(key);
        if (!store.delete(tenant, ns, key)) {
            throw notFound(ns, key);
        }
    }

    private Duration ttl(Namespace ns, String ttlSeconds) {
        long max = ns.maxTtl(config).toSeconds();
        long min = Math.max(1, config.minTtl().toSeconds());
        int value = Params.intInRange("ttlSeconds", ttlSeconds, (int) ns.defaultTtl(config).toSeconds(), (int) min,
                (int) Math.min(Integer.MAX_VALUE, max));
        return Duration.ofSeconds(value);
    }

    private String serialise(JsonNode value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    private static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            String message = "must be 1-256 characters of A-Z, a-z, 0-9, '.', '_', ':', '/' or '-', starting with a letter or digit";
            throw ProblemException.withViolation(ProblemType.INVALID_PARAMETER, "key " + message,
                    new Violation("key", "path", message));
        }
    }

    private static ProblemException notFound(Namespace ns, String key) {
        return new ProblemException(ProblemType.NOT_FOUND, "No " + ns.key + " entry '" + key + "' (never stored, or expired)",
                Map.of("key", key));
    }
}
