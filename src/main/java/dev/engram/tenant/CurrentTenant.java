package dev.engram.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The tenant every query of the current request is scoped by. Until API keys exist this is the configured default
 * tenant; the tenant never comes from a header or body field a caller can set.
 */
@ApplicationScoped
public class CurrentTenant {

    private final TenantConfig config;

    public CurrentTenant(TenantConfig config) {
        this.config = config;
    }

    public String id() {
        return config.defaultTenant();
    }

    @ConfigMapping(prefix = "engram.tenant")
    public interface TenantConfig {
        /** Tenant used for every request until API keys are configured. */
        @WithDefault("default")
        String defaultTenant();
    }
}
