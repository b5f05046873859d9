package dev.engram.tenant.api;

import dev.engram.tenant.Scope;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Set;

/** A new API key: a name to recognise it by, its scopes and an optional expiry. */
public record CreateApiKeyRequest(@NotBlank @Size(max = 200) String name, @NotEmpty Set<@NotNull Scope> scopes,
                                  Instant expiresAt) {
}
