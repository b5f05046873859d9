package dev.engram.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.platform.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns an {@code Authorization: Bearer} header into a {@link Principal}. Verified keys are cached per pod for at
 * most {@code engram.auth.key-cache-ttl}; a revocation is published on Redis and evicts the key on every pod at once
 * (after a lost subscription the whole cache is dropped, so nothing revoked meanwhile survives).
 */
@ApplicationScoped
public class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class);
    static final String ALL = "*";

    private final TenantRepository repository;
    private final AuthConfig config;
    private final ReactiveRedisDataSource redis;
    private final Clock clock;
    private final Cache<UUID, Optional<TenantRepository.StoredKey>> cache;
    private final Set<UUID> used = ConcurrentHashMap.newKeySet();
    /** Bumped before every eviction: a lookup that saw it move caches nothing (it may have read a revoked key). */
    private final AtomicLong evictions = new AtomicLong();
    private volatile Cancellable subscription;

    Authenticator(TenantRepository repository, AuthConfig config, ReactiveRedisDataSource redis, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.redis = redis;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(config.keyCacheTtl()).maximumSize(100_000).build();
        config.adminKey().ifPresent(k -> {
            if (k.length() < 32) {
                throw new IllegalStateException("engram.auth.admin-key must have at least 32 characters");
            }
        });
    }

    /** The caller, or a 401 problem. Non-blocking when the key is cached; asks PostgreSQL on a worker otherwise. */
    public Uni<Principal> authenticate(String authorization) {
        String token = bearer(authorization);
        if (config.adminKey().isPresent() && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                config.adminKey().get().getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().item(Principal.OPERATOR);
        }
        ApiKeys.Presented presented = ApiKeys.parse(token).orElseThrow(() -> unauthorized(
                "The bearer token is not an Engram API key (egm_…)"));
        Optional<TenantRepository.StoredKey> cached = cache.getIfPresent(presented.id());
        if (cached != null) {
            return Uni.createFrom().item(() -> verify(presented, cached));
        }
        long generation = evictions.get(); // before the lookup
        return Uni.createFrom().item(() -> repository.findKey(presented.id()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(found -> {
                    cacheUnlessEvicted(presented.id(), found, generation);
                    return verify(presented, found);
                });
    }

    /**
     * Caches a lookup unless an eviction ran since it started: the revocation may have committed and been published
     * after the read, with nothing in the cache to evict yet. Put first, then check: an eviction that bumps the
     * counter after the check also runs its invalidation after the put, so no order leaves the stale entry behind.
     */
    private void cacheUnlessEvicted(UUID id, Optional<TenantRepository.StoredKey> found, long generation) {
        cache.put(id, found);
        if (evictions.get() != generation) {
            cache.invalidate(id);
        }
    }

    private Principal verify(ApiKeys.Presented presented, Optional<TenantRepository.StoredKey> stored) {
        TenantRepository.StoredKey key = stored.filter(k -> ApiKeys.matches(presented.secret(), k.secretHash()))
                .orElseThrow(() -> unauthorized("Unknown API key " + ApiKeys.redact(presented.id())));
        if (!key.usable()) {
            throw unauthorized("API key " + ApiKeys.redact(key.id()) + " has been revoked or its tenant deactivated");
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(clock.instant())) {
            throw unauthorized("API key " + ApiKeys.redact(key.id()) + " expired at " + key.expiresAt());
        }
        used.add(key.id());
        return new Principal(key.id(), key.tenantId(), key.scopes());
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("Send an API key: 'Authorization: Bearer egm_…'");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() == 7) {
            throw unauthorized("Only bearer authentication is supported: 'Authorization: Bearer egm_…'");
        }
        return authorization.substring(7).trim();
    }

    static ProblemException unauthorized(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, detail);
    }

    /** Forgets a key on this pod and tells every other pod to do the same. */
    void evictEverywhere(String keyIdOrAll) {
        evictLocally(keyIdOrAll);
        redis.pubsub(String.class).publish(RedisKeys.authRevocationChannel(), keyIdOrAll)
                .subscribe().with(n -> { }, e -> LOG.warnf("Revocation of %s not broadcast (Redis: %s); other pods "
                        + "drop it within %s", keyIdOrAll, e.getMessage(), config.keyCacheTtl()));
    }

    void evictLocally(String keyIdOrAll) {
        evictions.incrementAndGet();
        if (ALL.equals(keyIdOrAll)) {
            cache.invalidateAll();
        } else {
            try {
                cache.invalidate(UUID.fromString(keyIdOrAll));
            } catch (IllegalArgumentException e) {
                cache.invalidateAll();
            }
        }
    }

    void subscribe(@Observes StartupEvent start) {
        subscription = redis.pubsub(String.class).subscribe(RedisKeys.authRevocationChannel())
                .onSubscription().invoke(s -> evictLocally(ALL))
                .onFailure().invoke(e -> {
                    LOG.debugf("Revocation subscription lost (%s); resubscribing", e.getMessage());
                    evictLocally(ALL);
                })
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10)).indefinitely()
                .subscribe().with(this::evictLocally);
    }

    void unsubscribe(@Observes ShutdownEvent stop) {
        Cancellable s = subscription;
        if (s != null) {
            s.cancel();
        }
        flushLastUsed();
    }

    /** Writes when keys were last used, once a minute at most per key, off the request path. */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flushLastUsed() {
        if (used.isEmpty()) {
            return;
        }
        UUID[] ids = used.toArray(UUID[]::new);
        for (UUID id : ids) {
            used.remove(id);
        }
        try {
            repository.touchKeys(java.util.List.of(ids), clock.instant());
        } catch (RuntimeException e) {
            LOG.debugf("last_used_at of %d keys not written: %s", ids.length, e.getMessage());
        }
    }
}
