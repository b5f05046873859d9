package dev.engram.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** Limits on every request, before any endpoint's own field limits (docs/security.md, "Input limits"). */
@ConfigMapping(prefix = "engram.limits")
public interface LimitsConfig {

    /**
     * Largest request body in bytes on ordinary routes; larger is {@code 413 content-too-large}. Routes marked
     * {@link LargeBody} (the memory batch) are bounded by {@code quarkus.http.limits.max-body-size} instead. The
     * default fits the largest ordinary request: a session append of 100 turns of 32 KiB.
     */
    @WithDefault("4194304")
    @Min(1024)
    int maxBodyBytes();

    /** Deepest nesting of objects and arrays in a JSON body (metadata, structured data, cached values). */
    @WithDefault("32")
    @Min(2)
    int maxJsonDepth();
}
