package dev.engram.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.platform.DatabaseFailures;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemResponses;
import dev.engram.platform.ProblemType;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * {@code engram.auth.protect-metrics}: /q/metrics needs the operator's admin key (401 without a valid key, 403 for a
 * tenant's key). Metrics are served by a Vert.x route outside JAX-RS, so the check is a Vert.x handler that runs
 * before it (after {@code RequestGuard}), like every other check of non-JAX-RS routes.
 */
@ApplicationScoped
class MetricsGuard {

    static final String PATH = "/q/metrics";

    private final Authenticator authenticator;
    private final AuthConfig config;
    private final ObjectMapper json;

    MetricsGuard(Authenticator authenticator, AuthConfig config, ObjectMapper json) {
        this.authenticator = authenticator;
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        if (config.protectMetrics()) {
            router.routeWithRegex(PATH + "(/.*)?").order(Integer.MIN_VALUE + 1).handler(this::check);
        }
    }

    void check(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        Uni.createFrom().deferred(() -> authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)))
                .subscribe().with(principal -> {
                    if (principal.isOperator()) {
                        // a tenant key not in the cache is verified on a worker: continue on the request's context
                        context.runOnContext(v -> ctx.next());
                    } else {
                        reject(ctx, new ProblemException(ProblemType.FORBIDDEN, "Metrics need the operator's admin key"));
                    }
                }, failure -> {
                    ProblemException problem = DatabaseFailures.translate(failure); // a ProblemException is itself
                    reject(ctx, problem != null ? problem
                            : new ProblemException(ProblemType.INTERNAL_ERROR, "The key could not be checked"));
                });
    }

    private void reject(RoutingContext ctx, ProblemException problem) {
        ProblemResponses.send(ctx, json, problem.type(), problem.getMessage(), PATH, Map.of(),
                problem.retryAfterSeconds());
    }
}
