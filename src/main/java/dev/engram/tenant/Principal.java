package dev.engram.tenant;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: a tenant's key (with its scopes) or the operator's admin key ({@code keyId} null, no tenant).
 */
public record Principal(UUID keyId, String tenantId, Set<Scope> scopes) {

    static final Principal OPERATOR = new Principal(null, null, Set.of(Scope.ADMIN));

    public boolean isOperator() {
        return keyId == null;
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }
}
