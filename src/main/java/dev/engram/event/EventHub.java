package dev.engram.event;

import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.platform.RedisKeys;
import dev.engram.platform.ShortTermUnavailable;
import dev.engram.platform.Violation;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This pod's SSE clients, by tenant. One pattern subscription ({@code engram:*:events:live}) per pod receives every
 * tenant's events from Redis and forwards them to the local clients of that tenant. A client that sends
 * {@code Last-Event-ID} first gets the events it missed from the tenant's capped stream. When the subscription
 * breaks (Redis restart), the local streams are closed: SSE clients reconnect with their last id and lose nothing
 * that is still in the buffer.
 */
@ApplicationScoped
public class EventHub {

    private static final Logger LOG = Logger.getLogger(EventHub.class);

    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(3);

    private final RedisDataSource redis;
    private final Redis client;
    private final EventConfig config;
    private final ConcurrentHashMap<String, Set<SseSubscriber>> local = new ConcurrentHashMap<>();
    private RedisConnection subscription;
    private volatile boolean closing;

    EventHub(RedisDataSource redis, Redis client, EventConfig config) {
        this.redis = redis;
        this.client = client;
        this.config = config;
    }

    /** Starts streaming the tenant's events to {@code sink}, after replaying those after {@code lastEventId}. */
    public void open(String tenant, SseEventSink sink, Sse sse, String lastEventId) {
        if (lastEventId != null && !StreamEvent.isValidId(lastEventId)) {
            throw ProblemException.withViolation(ProblemType.INVALID_PARAMETER,
                    "Last-Event-ID must be an event id received from this stream, such as 1767225600000-0",
                    new Violation("Last-Event-ID", "header", "must be an event id such as 1767225600000-0"));
        }
        ShortTermUnavailable.guard(() -> {
            ensureSubscribed();
            return null;
        });
        SseSubscriber subscriber = new SseSubscriber(sink, sse, lastEventId);
        local.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(subscriber);
        List<StreamEvent> missed;
        try {
            missed = lastEventId == null ? List.of() : ShortTermUnavailable.guard(() -> after(tenant, lastEventId));
        } catch (ProblemException e) {
            local.get(tenant).remove(subscriber);
            throw e;
        }
        subscriber.start(missed);
        if (closing) {
            subscriber.close();
        }
    }

    /**
     * First step of a graceful shutdown (before the wait for running requests): every local stream ends, so the
     * long-lived SSE requests do not hold the shutdown for its whole timeout; clients resume on another pod with
     * their Last-Event-ID and lose nothing. Streams opened from now on end after their replay.
     */
    void onShutdownInitiated(@Observes ShutdownDelayInitiatedEvent event) {
        closing = true;
        local.values().forEach(set -> set.forEach(SseSubscriber::close));
    }

    /**
     * Opens the pod's subscription on a dedicated connection: the message handler is set before PSUBSCRIBE is sent,
     * so no message (nor the subscription's confirmation) arrives without a handler.
     */
    private synchronized void ensureSubscribed() {
        if (subscription != null) {
            return;
        }
        RedisConnection connection = client.connect().await().atMost(SUBSCRIBE_TIMEOUT);
        connection.handler(this::onMessage);
        connection.exceptionHandler(failure -> subscriptionLost(connection));
        connection.endHandler(() -> subscriptionLost(connection));
        try {
            connection.send(Request.cmd(io.vertx.mutiny.redis.client.Command.PSUBSCRIBE).arg(RedisKeys.eventChannelPattern()))
                    .await().atMost(SUBSCRIBE_TIMEOUT);
        } catch (RuntimeException e) {
            connection.close().subscribe().with(ok -> { }, ignored -> { });
            throw e;
        }
        subscription = connection;
    }

    /** A pushed {@code pmessage pattern channel message}; anything else (confirmations) is ignored. */
    private void onMessage(Response push) {
        if (push.size() == 4 && "pmessage".equals(push.get(0).toString())) {
            dispatch(RedisKeys.tenantOfEventChannel(push.get(2).toString()), push.get(3).toString());
        }
    }

    private void dispatch(String tenant, String message) {
        Set<SseSubscriber> subscribers = local.get(tenant);
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        StreamEvent event;
        try {
            event = StreamEvent.fromMessage(message);
        } catch (RuntimeException e) {
            LOG.debugf("Ignoring a malformed event message on tenant %s", tenant);
            return;
        }
        for (SseSubscriber s : subscribers) {
            try {
                s.live(event);
            } catch (RuntimeException e) {
                // one broken stream must not keep the event from the tenant's other clients
                LOG.debugf("Closing an event stream of tenant %s that failed: %s", tenant, e);
                s.close();
            }
        }
        subscribers.removeIf(SseSubscriber::isClosed);
    }

    private synchronized void subscriptionLost(RedisConnection connection) {
        if (subscription != connection) {
            return;
        }
        LOG.warn("Event subscription to Redis lost; closing local event streams so that clients resume");
        subscription = null;
        local.values().forEach(set -> set.forEach(SseSubscriber::close));
        local.clear();
    }

    /** The events of the tenant's stream after {@code lastEventId} (exclusive), oldest first. */
    private List<StreamEvent> after(String tenant, String lastEventId) {
        Response r = redis.execute(Command.XRANGE, RedisKeys.events(tenant), "(" + lastEventId, "+", "COUNT",
                Integer.toString(config.bufferSize()));
        List<StreamEvent> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        for (int i = 0; i < r.size(); i++) {
            Response entry = r.get(i);
            Response fields = entry.get(1);
            String type = null;
            String json = null;
            for (int f = 0; f + 1 < fields.size(); f += 2) {
                String name = fields.get(f).toString();
                if (name.equals("type")) {
                    type = fields.get(f + 1).toString();
                } else if (name.equals("data")) {
                    json = fields.get(f + 1).toString();
                }
            }
            out.add(new StreamEvent(entry.get(0).toString(), type, json));
        }
        return out;
    }

    /** Keeps idle streams open through proxies and notices clients that went away. */
    @Scheduled(every = "${engram.events.heartbeat:PT15S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        for (Set<SseSubscriber> set : local.values()) {
            set.forEach(s -> s.comment("keep-alive"));
            set.removeIf(SseSubscriber::isClosed);
        }
    }
}
