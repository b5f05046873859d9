package dev.engram.tenant;

import dev.engram.platform.ProblemException;
import jakarta.enterprise.inject.Vetoed;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A revocation that arrives while a pod looks the key up must not leave the key cached as usable. The interleaving
 * (pod B reads usable=true; pod A commits the revocation and publishes it; B's subscriber evicts, with nothing cached
 * yet; B caches what it read) is made deterministic here: the lookup itself delivers the eviction. That needs a
 * stand-in for the repository (the one place to hook into between the read and the caching); the Authenticator is
 * the real one.
 */
class AuthenticatorRevocationRaceTest {

    private static final ApiKeys.NewKey KEY = ApiKeys.generate();

    /**
     * The key is usable until revoked; {@code onLookup} runs while a lookup is in flight. Vetoed: it inherits
     * {@code @ApplicationScoped} and would otherwise be a second TenantRepository bean in every {@code @QuarkusTest}.
     */
    @Vetoed
    private static final class Keys extends TenantRepository {
        final AtomicBoolean revoked = new AtomicBoolean();
        Runnable onLookup = () -> { };

        Keys() {
            super(null);
        }

        @Override
        Optional<StoredKey> findKey(UUID id) {
            boolean usable = !revoked.get(); // read before the revocation commits
            onLookup.run();
            return Optional.of(new StoredKey(id, "race", KEY.secretHash(), Set.of(Scope.READ), null, usable));
        }
    }

    /** The configuration as an interface proxy: a class implementing it would be picked up by Quarkus' build. */
    private static AuthConfig config() {
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] {AuthConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> true;
                    case "adminKey" -> Optional.empty();
                    case "keyCacheTtl" -> Duration.ofMinutes(10);
                    case "protectMetrics" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void revocationDuringTheLookupShouldNotBeCachedOver(String evicted) {
        Keys keys = new Keys();
        Authenticator authenticator = new Authenticator(keys, config(), null, Clock.systemUTC());
        keys.onLookup = () -> {
            keys.onLookup = () -> { };
            keys.revoked.set(true);                 // pod A commits the revocation ...
            authenticator.evictLocally(evicted);    // ... and this pod's subscriber evicts (nothing cached yet)
        };
        // the request that was already looking the key up still passes: it started before the revocation
        assertThat(authenticator.authenticate("Bearer " + KEY.key()).await().indefinitely().tenantId())
                .isEqualTo("race");
        // but the next one must not find the pre-revocation answer in the cache
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + KEY.key()).await().indefinitely())
                .isInstanceOf(ProblemException.class).hasMessageContaining("revoked");
    }

    @Test
    void aKeyRevokedDuringItsLookupShouldNotBeCachedAsUsable() {
        revocationDuringTheLookupShouldNotBeCachedOver(KEY.id().toString());
    }

    @Test
    void aWholeCacheDropDuringALookupShouldNotBeUndoneByIt() {
        revocationDuringTheLookupShouldNotBeCachedOver(Authenticator.ALL);
    }

    @Test
    void withoutEvictionsTheKeyShouldBeServedFromTheCache() {
        Keys keys = new Keys();
        Authenticator authenticator = new Authenticator(keys, config(), null, Clock.systemUTC());
        authenticator.authenticate("Bearer " + KEY.key()).await().indefinitely();
        keys.revoked.set(true); // in the database only, no eviction: the cache answers until its TTL
        assertThat(authenticator.authenticate("Bearer " + KEY.key()).await().indefinitely().tenantId())
                .isEqualTo("race");
    }
}
