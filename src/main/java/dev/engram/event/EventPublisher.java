package dev.engram.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.platform.RedisKeys;
import dev.engram.platform.ShortTermUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publishes events fire-and-forget: {@link #publish} only puts the event in a bounded in-memory queue (dropping it
 * when the queue is full), so a write never waits for Redis and never fails because of it. One worker thread per pod
 * drains the queue in order and, per tenant, runs one Lua script that appends the events to the tenant's capped
 * stream ({@code XADD MAXLEN ~}, whose ids are the SSE event ids) and publishes each on the tenant's channel, which
 * every pod's {@link EventHub} forwards to its SSE clients. Events are best-effort: when Redis is down they are lost.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    private static final int MAX_BATCH = 200;
    private static final String SCRIPT = """
            local ids = {}
            for i = 3, #ARGV, 2 do
              local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'type', ARGV[i], 'data', ARGV[i + 1])
              redis.call('PUBLISH', KEYS[2], id .. '\\n' .. ARGV[i] .. '\\n' .. ARGV[i + 1])
              ids[#ids + 1] = id
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return ids""";

    /** KEYS: stream. ARGV: field, value. Deletes the buffered events whose JSON data has field = value. */
    private static final String ERASE = """
            local removed = 0
            for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
              local fields = entry[2]
              for i = 1, #fields, 2 do
                if fields[i] == 'data' then
                  local ok, data = pcall(cjson.decode, fields[i + 1])
                  if ok and type(data) == 'table' and data[ARGV[1]] == ARGV[2] then
                    redis.call('XDEL', KEYS[1], entry[1])
                    removed = removed + 1
                  end
                end
              end
            end
            return removed""";

    private record Pending(String tenant, String type, String json) {
    }

    private final RedisDataSource redis;
    private final EventConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    private final Counter published;
    private final Counter dropped;
    private final Thread worker;
    private volatile boolean running = true;
    private long lastWarning;

    EventPublisher(RedisDataSource redis, EventConfig config, ObjectMapper json, Clock clock, MeterRegistry registry) {
        this.redis = redis;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.published = registry.counter("engram.events", "outcome", "published");
        this.dropped = registry.counter("engram.events", "outcome", "dropped");
        this.worker = new Thread(this::drain, "engram-event-publisher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues an event of the tenant; never blocks and never throws. {@code data} becomes the event's JSON fields. */
    public void publish(String tenant, EventType type, Map<String, Object> data) {
        if (!config.enabled()) {
            return;
        }
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type.code());
            body.put("at", clock.instant().toString());
            body.putAll(data);
            if (!queue.offer(new Pending(tenant, type.code(), json.writeValueAsString(body)))) {
                dropped.increment();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            dropped.increment();
            LOG.debugf("Event %s not published: %s", type.code(), e.getMessage());
        }
    }

    /**
     * Removes the tenant's buffered events that name this user ({@code userId}) or agent ({@code agentId}), for an
     * erasure request; returns how many. Throws when Redis cannot be reached (unlike {@link #publish}).
     */
    public long eraseOwner(String tenant, boolean agent, String ownerId) {
        return ShortTermUnavailable.guard(() -> redis.execute(Command.EVAL, ERASE, "1", RedisKeys.events(tenant),
                agent ? "agentId" : "userId", ownerId).toLong());
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                dropped.increment(batch.size());
                warn(e);
            } finally {
                batch.clear();
            }
        }
    }

    /** One script call per tenant, in queue order; a tenant whose call fails loses only its own events. */
    private void send(List<Pending> batch) {
        Map<String, List<Pending>> byTenant = new LinkedHashMap<>();
        for (Pending p : batch) {
            byTenant.computeIfAbsent(p.tenant(), t -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<Pending>> e : byTenant.entrySet()) {
            List<String> args = new ArrayList<>(List.of(SCRIPT, "2", RedisKeys.events(e.getKey()),
                    RedisKeys.eventChannel(e.getKey()), Integer.toString(config.bufferSize()),
                    Long.toString(config.bufferTtl().toMillis())));
            for (Pending p : e.getValue()) {
                args.add(p.type());
                args.add(p.json());
            }
            try {
                redis.execute(Command.EVAL, args.toArray(String[]::new));
                published.increment(e.getValue().size());
            } catch (RuntimeException failure) {
                dropped.increment(e.getValue().size());
                warn(failure);
            }
        }
    }

    private void warn(RuntimeException e) {
        long now = System.currentTimeMillis();
        if (now - lastWarning > 30_000) {
            lastWarning = now;
            LOG.warnf("Events could not be published (dropped; writes are not affected): %s", e.toString());
        }
    }

    /** Publishes what is still queued (bounded wait), so a command-mode job's last event is not lost. */
    void onShutdown(@Observes ShutdownEvent event) {
        running = false;
        try {
            worker.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
