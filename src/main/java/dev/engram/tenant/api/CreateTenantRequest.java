package dev.engram.tenant.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new tenant: a lower-case id (letters, digits, '-' and '_', at most 63) and a display name. */
public record CreateTenantRequest(
        @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9_-]{0,62}$",
                message = "must be 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit")
        String id,
        @NotBlank @Size(max = 200) String name) {
}
