package dev.engram.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Request cache ({@code /v1/cache}) and temporary storage ({@code /v1/temp}) limits. */
@ConfigMapping(prefix = "engram.cache")
public interface ValueStoreConfig {

    /** Default TTL of a request-cache entry. */
    @WithDefault("PT5M")
    Duration cacheTtl();

    /** Longest TTL a request-cache entry may ask for. */
    @WithDefault("PT24H")
    Duration cacheMaxTtl();

    /** Default TTL of a temporary-storage entry. */
    @WithDefault("PT30M")
    Duration tempTtl();

    /** Longest TTL a temporary-storage entry may ask for. */
    @WithDefault("P7D")
    Duration tempMaxTtl();

    /** Shortest TTL either may ask for. */
    @WithDefault("PT1S")
    Duration minTtl();

    /** Largest value in bytes (serialised JSON). */
    @WithDefault("262144")
    int maxValueBytes();

    /** Entries per tenant and namespace; the oldest are evicted first. */
    @WithDefault("10000")
    int maxEntriesPerTenant();
}
