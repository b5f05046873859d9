package dev.engram.tenant;

import dev.engram.platform.config.NonNegativeDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Authentication of /v1 calls with API keys. */
@ConfigMapping(prefix = "engram.auth")
public interface AuthConfig {

    /**
     * Require an API key on every /v1 call (the tenant comes from the key). Turn off only for a single-user local
     * set-up: every call then acts as {@code engram.tenant.default-tenant}.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The operator's admin key for /v1/admin (creating tenants and keys), at least 32 characters; from a Kubernetes
     * Secret in production. Without it /v1/admin accepts only tenant keys with the admin scope, for their own tenant.
     */
    Optional<String> adminKey();

    /**
     * How long a verified key is trusted without asking PostgreSQL again. Revocation evicts it at once on every pod
     * through Redis pub/sub; this bounds the delay when Redis is unreachable.
     */
    @WithDefault("PT10S")
    @NonNegativeDuration
    Duration keyCacheTtl();

    /** Require the admin key for /q/metrics as well. */
    @WithDefault("false")
    boolean protectMetrics();
}
