package dev.engram.session;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports Redis in readiness without failing it: when Redis is down only the short-term endpoints answer 503, while
 * long-term memory keeps serving, so taking the pod out of rotation would do more harm than good.
 */
@Readiness
@ApplicationScoped
class RedisHealthCheck implements HealthCheck {

    private final RedisDataSource redis;

    RedisHealthCheck(RedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        boolean reachable;
        try {
            reachable = "PONG".equals(String.valueOf(redis.execute(Command.PING)));
        } catch (RuntimeException e) {
            reachable = false;
        }
        return HealthCheckResponse.named("redis").up()
                .withData("reachable", reachable)
                .withData("shortTerm", reachable ? "available" : "unavailable (503 short-term-unavailable)")
                .build();
    }
}
