package dev.engram.tenant;

import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.tenant.api.ApiKeyResponse;
import dev.engram.tenant.api.CreateApiKeyRequest;
import dev.engram.tenant.api.CreateTenantRequest;
import dev.engram.tenant.api.TenantResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

/**
 * Tenants and their API keys. The operator (admin key from configuration) manages every tenant; a tenant's key with
 * the admin scope manages that tenant's keys only, and any other tenant looks to it exactly like a missing one.
 */
@ApplicationScoped
public class TenantService {

    private static final Logger LOG = Logger.getLogger(TenantService.class);

    private final TenantRepository repository;
    private final Authenticator authenticator;
    private final Clock clock;

    TenantService(TenantRepository repository, Authenticator authenticator, Clock clock) {
        this.repository = repository;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public TenantResponse create(Principal caller, CreateTenantRequest request) {
        requireOperator(caller);
        if (!repository.insertTenant(request.id(), request.name())) {
            throw new ProblemException(ProblemType.CONFLICT, "Tenant '" + request.id() + "' already exists",
                    java.util.Map.of("tenantId", request.id()));
        }
        LOG.infof("Tenant %s created", request.id());
        return repository.findTenant(request.id()).orElseThrow();
    }

    public List<TenantResponse> list(Principal caller, String after, int limit) {
        requireOperator(caller);
        return repository.listTenants(after, limit);
    }

    public TenantResponse get(Principal caller, String tenantId) {
        authorize(caller, tenantId);
        return repository.findTenant(tenantId).orElseThrow(() -> ProblemException.notFound("Tenant", tenantId));
    }

    /** Deactivates a tenant: its keys stop working at once (its data stays until deleted by retention). */
    public void deactivate(Principal caller, String tenantId) {
        requireOperator(caller);
        if (!repository.setTenantActive(tenantId, false)) {
            throw ProblemException.notFound("Tenant", tenantId);
        }
        repository.keyIdsOf(tenantId).forEach(id -> authenticator.evictEverywhere(id.toString()));
        LOG.infof("Tenant %s deactivated", tenantId);
    }

    public ApiKeyResponse createKey(Principal caller, String tenantId, CreateApiKeyRequest request) {
        TenantResponse tenant = get(caller, tenantId);
        if (!tenant.active()) {
            throw new ProblemException(ProblemType.CONFLICT, "Tenant '" + tenantId + "' is deactivated");
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
            throw ProblemException.invalidField("expiresAt", "must be in the future");
        }
        ApiKeys.NewKey key = ApiKeys.generate();
        repository.insertKey(key.id(), tenantId, request.name(), key.secretHash(), EnumSet.copyOf(request.scopes()),
                request.expiresAt());
        LOG.infof("API key %s created for tenant %s with scopes %s", ApiKeys.redact(key.id()), tenantId,
                request.scopes());
        return repository.findKeyOf(tenantId, key.id()).orElseThrow().withKey(key.key());
    }

    public List<ApiKeyResponse> keys(Principal caller, String tenantId) {
        get(caller, tenantId);
        return repository.listKeys(tenantId);
    }

    /** Revokes a key with immediate effect on every pod. */
    public void revokeKey(Principal caller, String tenantId, UUID keyId) {
        authorize(caller, tenantId);
        if (!repository.revokeKey(tenantId, keyId)) {
            throw ProblemException.notFound("API key", keyId);
        }
        authenticator.evictEverywhere(keyId.toString());
        LOG.infof("API key %s of tenant %s revoked", ApiKeys.redact(keyId), tenantId);
    }

    private static void requireOperator(Principal caller) {
        if (!caller.isOperator()) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "Only the operator's admin key (engram.auth.admin-key) manages tenants");
        }
    }

    private static void authorize(Principal caller, String tenantId) {
        if (!caller.isOperator() && !tenantId.equals(caller.tenantId())) {
            throw ProblemException.notFound("Tenant", tenantId);
        }
    }
}
