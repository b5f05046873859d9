package dev.engram.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;

/** Tenancy. */
@ConfigMapping(prefix = "engram.tenant")
public interface TenantConfig {
    /** The tenant of every call while authentication is off ({@code engram.auth.enabled=false}). */
    @WithDefault("default")
    @NotBlank
    String defaultTenant();
}
