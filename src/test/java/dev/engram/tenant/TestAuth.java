package dev.engram.tenant;

import dev.engram.tenant.api.CreateApiKeyRequest;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;
import io.restassured.RestAssured;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.EnumSet;
import java.util.Set;

/**
 * Test-only bean: when the application under test starts, it creates the tenant {@code default} and a key with
 * every scope, and makes that key rest-assured's default {@code Authorization} header, so that every test calls the
 * API as a real, authenticated tenant. Tests about authentication replace or remove the header themselves.
 */
@ApplicationScoped
public class TestAuth {

    public static final String OPERATOR_KEY = "test-operator-key-not-a-secret-0123456789";
    public static final String DEFAULT_TENANT = "default";

    private static volatile String defaultKey;
    private static volatile boolean sendDefaultKey = true;

    void onStart(@Observes StartupEvent start, TenantRepository repository) {
        repository.insertTenant(DEFAULT_TENANT, "Tests");
        defaultKey = newKey(DEFAULT_TENANT, Scope.values());
        useDefaultKey();
    }

    /** The key of tenant {@code default} with every scope. */
    public static String defaultKey() {
        return defaultKey;
    }

    /**
     * Sends the default tenant's key with every rest-assured request that has no Authorization header of its own
     * (a filter, not a request specification: a specification would also pin the port it was built with).
     */
    public static void useDefaultKey() {
        sendDefaultKey = true;
        RestAssured.replaceFiltersWith((request, response, ctx) -> {
            if (sendDefaultKey && !request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + defaultKey);
            }
            return ctx.next(request, response);
        });
    }

    /** Stops sending the default key (for tests of authentication itself) until {@link #useDefaultKey()}. */
    public static void withoutDefaultKey() {
        sendDefaultKey = false;
    }

    /** Creates the tenant if needed and a new key for it with the given scopes. */
    public static String newKey(String tenant, Scope... scopes) {
        TenantRepository repository = Arc.container().instance(TenantRepository.class).get();
        TenantService service = Arc.container().instance(TenantService.class).get();
        repository.insertTenant(tenant, tenant);
        return service.createKey(Principal.OPERATOR, tenant,
                new CreateApiKeyRequest("test key", EnumSet.copyOf(Set.of(scopes)), null)).key();
    }
}
