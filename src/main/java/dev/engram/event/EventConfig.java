package dev.engram.event;

import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** The event stream ({@code GET /v1/events}). */
@ConfigMapping(prefix = "engram.events")
public interface EventConfig {

    /** Publish events at all; off: writes publish nothing and {@code GET /v1/events} streams nothing new. */
    @WithDefault("true")
    boolean enabled();

    /** Recent events kept per tenant for resumption with {@code Last-Event-ID} (Redis stream, trimmed approximately). */
    @WithDefault("1000")
    @Min(1)
    int bufferSize();

    /** How long a tenant's recent-events buffer lives after its last event. */
    @WithDefault("PT24H")
    @PositiveDuration
    Duration bufferTtl();

    /** Events waiting to be published per pod; beyond it new events are dropped (writes never wait). */
    @WithDefault("10000")
    @Min(1)
    int queueCapacity();

    /** Interval of the SSE keep-alive comment, which also detects clients that went away. */
    @WithDefault("PT15S")
    @PositiveDuration
    Duration heartbeat();
}
