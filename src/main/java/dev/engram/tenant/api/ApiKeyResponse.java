package dev.engram.tenant.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.engram.tenant.Scope;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as listed; {@code key} is present only in the answer that created it and is never shown again. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyResponse(UUID id, String tenantId, String name, String redacted, List<Scope> scopes,
                             Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, String key) {

    public ApiKeyResponse withKey(String fullKey) {
        return new ApiKeyResponse(id, tenantId, name, redacted, scopes, createdAt, expiresAt, revokedAt, lastUsedAt,
                fullKey);
    }
}
