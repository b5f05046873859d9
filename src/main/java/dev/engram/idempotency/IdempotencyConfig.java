package dev.engram.idempotency;

import dev.engram.platform.config.Consistency;
import dev.engram.platform.config.Consistent;
import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** {@code Idempotency-Key} on POST requests: the first answer is stored in PostgreSQL and replayed to retries. */
@ConfigMapping(prefix = "engram.idempotency")
@Consistent
public interface IdempotencyConfig extends Consistency {

    /** Honour the {@code Idempotency-Key} header on POST requests (off: the header is ignored). */
    @WithDefault("true")
    boolean enabled();

    /** How long a stored answer is replayed to retries with the same key; afterwards the key may be used again. */
    @WithDefault("PT24H")
    @PositiveDuration
    Duration ttl();

    /**
     * How long a request holding a key may run before a retry may take the key over (a pod that died mid-request
     * must not block the key until {@link #ttl()}); until then retries get {@code 409 idempotency-key-in-progress}.
     */
    @WithDefault("PT60S")
    @PositiveDuration
    Duration inProgressTimeout();

    @Override
    default List<String> inconsistencies() {
        if (inProgressTimeout().compareTo(ttl()) < 0) {
            return List.of();
        }
        return List.of("in-progress-timeout (" + inProgressTimeout() + ") is not shorter than ttl (" + ttl()
                + "): a request could still hold its key when the stored answer expires");
    }
}
