package dev.engram.tenant;

import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemResponses;
import dev.engram.platform.ProblemType;
import dev.engram.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * Authenticates every /v1 call and checks its scope: GET/HEAD need {@code read}, other methods {@code write},
 * /v1/admin {@code admin}, unless the endpoint says otherwise with {@link RequiresScope}. The operator's admin key
 * only reaches /v1/admin. Health, OpenAPI and (unless {@link MetricsGuard} protects them) metrics stay open.
 */
public class AuthFilter {

    private final Authenticator authenticator;
    private final CurrentTenant current;
    private final AuthConfig config;
    private final TenantConfig tenants;
    private final RateLimiter rateLimiter;

    AuthFilter(Authenticator authenticator, CurrentTenant current, AuthConfig config, TenantConfig tenants,
               RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.authenticator = authenticator;
        this.current = current;
        this.config = config;
        this.tenants = tenants;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        String path = request.getUriInfo().getPath();
        boolean api = path.equals("/v1") || path.startsWith("/v1/");
        boolean admin = path.startsWith("/v1/admin/") || path.equals("/v1/admin");
        if (!api) {
            return Uni.createFrom().nullItem(); // /q/metrics is not JAX-RS: MetricsGuard protects it
        }
        if (!config.enabled() && !admin) {
            current.set(new Principal(null, tenants.defaultTenant(), Set.of(Scope.values())));
            return Uni.createFrom().nullItem();
        }
        Scope needed = requiredScope(request.getMethod(), admin, resource);
        return Uni.createFrom().deferred(() -> authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION)))
                .map(principal -> {
                    if (principal.isOperator() && !admin) {
                        throw forbidden("The operator's admin key manages tenants and keys under /v1/admin; "
                                + "call the rest of the API with a tenant's key");
                    }
                    if (!principal.has(needed)) {
                        throw forbidden("This call needs the '" + needed.json() + "' scope; the key has "
                                + principal.scopes().stream().map(Scope::json).sorted().toList());
                    }
                    current.set(principal);
                    return principal;
                })
                .call(principal -> rateLimiter.acquire(principal.tenantId(), principal.keyId()))
                .map(principal -> (Response) null)
                .onFailure(ProblemException.class).recoverWithItem(e -> toResponse((ProblemException) e, path));
    }

    static Scope requiredScope(String method, boolean admin, ResourceInfo resource) {
        if (admin) {
            return Scope.ADMIN;
        }
        RequiresScope declared = declared(resource);
        if (declared != null) {
            return declared.value();
        }
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) ? Scope.READ : Scope.WRITE;
    }

    private static RequiresScope declared(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RequiresScope.class);
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    private static Response toResponse(ProblemException e, String path) {
        return ProblemResponses.of(e.type(), e.getMessage(), path, e.extensions(), e.retryAfterSeconds());
    }
}
