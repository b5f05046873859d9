package dev.engram.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.platform.DatabaseFailures;
import dev.engram.platform.LimitsConfig;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemResponses;
import dev.engram.platform.ProblemType;
import dev.engram.ratelimit.RateLimiter;
import dev.engram.tenant.AuthConfig;
import dev.engram.tenant.Authenticator;
import dev.engram.tenant.Principal;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TenantConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.Set;

/**
 * The MCP endpoint ({@code /mcp}, served by the Quarkiverse MCP server on a Vert.x route, outside JAX-RS) takes the
 * same API keys, limits and problems as {@code /v1}: a missing or bad key is a 401 problem, the operator's key a 403,
 * a key over its rate limit a 429, a body over {@code engram.limits.max-body-bytes} a 413, before the protocol handler
 * reads a byte. The caller is left on the routing context for {@link McpCalls}; each tool checks its own scope.
 */
@ApplicationScoped
class McpGuard {

    static final String PATH = "/mcp";

    private final Authenticator authenticator;
    private final AuthConfig auth;
    private final TenantConfig tenants;
    private final RateLimiter rateLimiter;
    private final LimitsConfig limits;
    private final ObjectMapper json;
    private final McpConfig config;

    McpGuard(Authenticator authenticator, AuthConfig auth, TenantConfig tenants, RateLimiter rateLimiter,
             LimitsConfig limits, ObjectMapper json, McpConfig config) {
        this.config = config;
        this.authenticator = authenticator;
        this.auth = auth;
        this.tenants = tenants;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.json = json;
    }

    void install(@Observes Router router) {
        // after RequestGuard (Integer.MIN_VALUE), before the MCP server's own route
        router.routeWithRegex(PATH + "(/.*)?").order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    void check(RoutingContext ctx) {
        if (!config.enabled()) {
            reject(ctx, new ProblemException(ProblemType.NOT_FOUND, "The MCP endpoint is turned off on this "
                    + "service (engram.mcp.enabled=false)"));
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limits.maxBodyBytes()) {
            reject(ctx, new ProblemException(ProblemType.CONTENT_TOO_LARGE, "The request body has " + length
                    + " bytes; an MCP message may have at most " + limits.maxBodyBytes(),
                    Map.of("limitBytes", limits.maxBodyBytes()), null, null));
            return;
        }
        String coding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (coding != null && !coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
            ctx.response().putHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
            reject(ctx, new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "MCP messages are read as sent: send them without a Content-Encoding"));
            return;
        }
        if (!auth.enabled()) {
            admit(ctx, Vertx.currentContext(), new Principal(null, tenants.defaultTenant(), Set.of(Scope.values())));
            return;
        }
        Context context = Vertx.currentContext();
        Uni.createFrom().deferred(() -> authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)))
                .invoke(principal -> {
                    if (principal.isOperator()) {
                        throw new ProblemException(ProblemType.FORBIDDEN, "The operator's admin key manages tenants "
                                + "and keys under /v1/admin; call the MCP endpoint with a tenant's key");
                    }
                })
                .call(principal -> rateLimiter.acquire(principal.tenantId(), principal.keyId()))
                .subscribe().with(principal -> admit(ctx, context, principal), failure -> {
                    ProblemException problem = DatabaseFailures.translate(failure); // a ProblemException is itself
                    reject(ctx, problem != null ? problem
                            : new ProblemException(ProblemType.INTERNAL_ERROR, "The key could not be checked"));
                });
    }

    private static void admit(RoutingContext ctx, Context context, Principal principal) {
        ctx.put(McpCalls.PRINCIPAL, principal);
        // a key not in the cache is verified on a worker: continue on the request's own context
        context.runOnContext(v -> ctx.next());
    }

    private void reject(RoutingContext ctx, ProblemException problem) {
        ProblemResponses.send(ctx, json, problem.type(), problem.getMessage(), ctx.request().path(),
                problem.extensions(), problem.retryAfterSeconds());
    }
}
