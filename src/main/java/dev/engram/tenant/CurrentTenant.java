package dev.engram.tenant;

import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the current request, set by {@link AuthFilter} from the API key alone: the tenant never comes from
 * a header or body field a caller can set.
 */
@RequestScoped
public class CurrentTenant {

    private Principal principal;

    void set(Principal principal) {
        this.principal = principal;
    }

    /** The tenant every query of this request is scoped by. */
    public String id() {
        if (principal == null || principal.tenantId() == null) {
            throw new IllegalStateException("No tenant: the request was not authenticated with a tenant's key");
        }
        return principal.tenantId();
    }

    public Principal principal() {
        if (principal == null) {
            throw new IllegalStateException("The request was not authenticated");
        }
        return principal;
    }
}
