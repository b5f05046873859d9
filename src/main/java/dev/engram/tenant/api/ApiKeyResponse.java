package dev.engram.tenant.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.engram.platform.OneTimeSecret;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.tenant.Scope;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An API key as listed; {@code key} is present only in the answer that created it and is never shown (nor stored)
 * again: a retry of the creation with the same {@code Idempotency-Key} gets {@link #whenReplayed()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyResponse(UUID id, String tenantId, String name, String redacted, List<Scope> scopes,
                             Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, String key)
        implements OneTimeSecret {

    public ApiKeyResponse withKey(String fullKey) {
        return new ApiKeyResponse(id, tenantId, name, redacted, scopes, createdAt, expiresAt, revokedAt, lastUsedAt,
                fullKey);
    }

    @Override
    public ProblemException whenReplayed() {
        if (key == null) {
            return null;
        }
        return new ProblemException(ProblemType.SECRET_SHOWN_ONCE, "API key " + redacted + " was created by the first "
                + "request with this Idempotency-Key; its secret was in that answer only and is kept nowhere. If that "
                + "answer was lost, revoke the key (DELETE /v1/admin/tenants/" + tenantId + "/keys/" + id
                + ") and create a new one with a new Idempotency-Key", Map.of("keyId", id.toString(),
                "tenantId", tenantId));
    }
}
