package dev.engram.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Limits and lifetimes of the short-term tier (Redis). */
@ConfigMapping(prefix = "engram.short-term")
public interface ShortTermConfig {

    /** Sessions: time to live after the last write. */
    @WithDefault("PT1H")
    Duration sessionTtl();

    /** Shortest TTL a request may ask for. */
    @WithDefault("PT1M")
    Duration sessionMinTtl();

    /** Longest TTL a request may ask for. */
    @WithDefault("P7D")
    Duration sessionMaxTtl();

    /** Turns kept per session; the oldest are trimmed first. */
    @WithDefault("1000")
    int maxTurnsPerSession();

    /** Live sessions per tenant; the least recently active are evicted first. */
    @WithDefault("10000")
    int maxSessionsPerTenant();

    /** Turns accepted by one append. */
    @WithDefault("100")
    int maxTurnsPerAppend();

    /** Largest turn content in UTF-8 bytes. */
    @WithDefault("32768")
    int maxTurnBytes();

    /** Promote a session's turns to long-term memory when it is deleted. */
    @WithDefault("false")
    boolean promoteOnEnd();

    /** Roles whose turns are promoted to long-term memory. */
    @WithDefault("user,assistant")
    java.util.List<String> promotedRoles();

    /** Promote sessions by a scheduled job shortly before their TTL runs out. */
    @WithDefault("false")
    boolean promoteBeforeExpiry();

    /** How often the promotion job looks for sessions about to expire, e.g. {@code 1m}. */
    @WithDefault("1m")
    String promotionJobInterval();

    /** The job promotes sessions whose remaining TTL is below this. */
    @WithDefault("PT5M")
    Duration promoteWithin();
}
