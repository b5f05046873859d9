package dev.engram.platform;

import java.util.Map;

/** Turns a Redis failure into {@code 503 short-term-unavailable}; the long-term tier is not affected. */
public final class ShortTermUnavailable {

    /** Seconds a client should wait before retrying after a Redis outage. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private ShortTermUnavailable() {
    }

    /** Runs a Redis call, turning any failure into {@code short-term-unavailable}. */
    public static <T> T guard(java.util.function.Supplier<T> redisCall) {
        try {
            return redisCall.get();
        } catch (RuntimeException e) {
            throw of(e);
        }
    }

    /**
     * A non-blocking Redis call with the same failure mapping; it fails after {@code timeout} without an answer, so a
     * slow Redis is bounded for event-loop endpoints just as {@code quarkus.redis.timeout} bounds blocking calls.
     */
    public static <T> io.smallrye.mutiny.Uni<T> guard(io.smallrye.mutiny.Uni<T> redisCall, java.time.Duration timeout) {
        return redisCall.ifNoItem().after(timeout).fail()
                .onFailure().transform(e -> of(e instanceof RuntimeException r ? r : new IllegalStateException(e)));
    }

    public static ProblemException of(RuntimeException cause) {
        if (cause instanceof ProblemException p) {
            return p;
        }
        return new ProblemException(ProblemType.SHORT_TERM_UNAVAILABLE,
                "The short-term store (Redis) is not reachable right now; long-term memory still works. Retry shortly.",
                Map.of(), RETRY_AFTER_SECONDS, cause);
    }
}
