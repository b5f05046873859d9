package dev.engram.ratelimit;

import dev.engram.platform.config.NonNegativeDuration;
import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** Per-key rate limiting (token bucket in Redis, shared by every pod). */
@ConfigMapping(prefix = "engram.rate-limit")
public interface RateLimitConfig {

    /** Limit each API key's request rate. */
    @WithDefault("true")
    boolean enabled();

    /** Sustained requests per second per key (the bucket's refill rate). */
    @WithDefault("100")
    @DecimalMin(value = "0", inclusive = false)
    double requestsPerSecond();

    /** Requests a key may make in a burst (the bucket's size). */
    @WithDefault("200")
    @Min(1)
    int burst();

    /** Longest a limit check may wait for Redis; after a failure checks are skipped for {@link #backOff()}. */
    @WithDefault("PT0.2S")
    @PositiveDuration
    Duration timeout();

    /** How long requests pass unchecked after Redis failed (the short-term store is down: long-term keeps serving). */
    @WithDefault("PT5S")
    @NonNegativeDuration
    Duration backOff();
}
