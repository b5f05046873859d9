package dev.engram.cache;

import dev.engram.platform.config.Consistency;
import dev.engram.platform.config.Consistent;
import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Request cache ({@code /v1/cache}) and temporary storage ({@code /v1/temp}) limits. */
@ConfigMapping(prefix = "engram.cache")
@Consistent
public interface ValueStoreConfig extends Consistency {

    /** Default TTL of a request-cache entry. */
    @WithDefault("PT5M")
    @PositiveDuration
    Duration cacheTtl();

    /** Longest TTL a request-cache entry may ask for. */
    @WithDefault("PT24H")
    @PositiveDuration
    Duration cacheMaxTtl();

    /** Default TTL of a temporary-storage entry. */
    @WithDefault("PT30M")
    @PositiveDuration
    Duration tempTtl();

    /** Longest TTL a temporary-storage entry may ask for. */
    @WithDefault("P7D")
    @PositiveDuration
    Duration tempMaxTtl();

    /** Shortest TTL either may ask for. */
    @WithDefault("PT1S")
    @PositiveDuration
    Duration minTtl();

    /** Largest value in bytes (serialised JSON). */
    @WithDefault("262144")
    @Min(1)
    int maxValueBytes();

    /** Live entries per tenant and namespace; the least recently written are evicted first. */
    @WithDefault("10000")
    @Min(1)
    int maxEntriesPerTenant();

    @Override
    default List<String> inconsistencies() {
        List<String> problems = new ArrayList<>();
        Consistency.between(problems, "cache-ttl", cacheTtl(), "min-ttl", minTtl(), "cache-max-ttl", cacheMaxTtl());
        Consistency.between(problems, "temp-ttl", tempTtl(), "min-ttl", minTtl(), "temp-max-ttl", tempMaxTtl());
        return problems;
    }
}
