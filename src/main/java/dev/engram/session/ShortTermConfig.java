package dev.engram.session;

import dev.engram.platform.config.Consistency;
import dev.engram.platform.config.Consistent;
import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Limits and lifetimes of the short-term tier (Redis). */
@ConfigMapping(prefix = "engram.short-term")
@Consistent
public interface ShortTermConfig extends Consistency {

    /** Sessions: time to live after the last write. */
    @WithDefault("PT1H")
    @PositiveDuration
    Duration sessionTtl();

    /** Shortest TTL a request may ask for. */
    @WithDefault("PT1M")
    @PositiveDuration
    Duration sessionMinTtl();

    /** Longest TTL a request may ask for. */
    @WithDefault("P7D")
    @PositiveDuration
    Duration sessionMaxTtl();

    /** Turns kept per session; the oldest are trimmed first. */
    @WithDefault("1000")
    @Min(1)
    int maxTurnsPerSession();

    /** Live sessions per tenant; the least recently written are evicted first (expired ones do not count). */
    @WithDefault("10000")
    @Min(1)
    int maxSessionsPerTenant();

    /** Turns accepted by one append. */
    @WithDefault("100")
    @Min(1)
    int maxTurnsPerAppend();

    /** Largest turn content in UTF-8 bytes. */
    @WithDefault("32768")
    @Min(1)
    int maxTurnBytes();

    /** Promote a session's turns to long-term memory when it is deleted. */
    @WithDefault("false")
    boolean promoteOnEnd();

    /** Roles whose turns are promoted to long-term memory. */
    @WithDefault("user,assistant")
    List<String> promotedRoles();

    /** Promote sessions by a scheduled job shortly before their TTL runs out. */
    @WithDefault("false")
    boolean promoteBeforeExpiry();

    /** How often the promotion job looks for sessions about to expire, e.g. {@code 1m}. */
    @WithDefault("1m")
    String promotionJobInterval();

    /** The job promotes sessions whose remaining TTL is below this. */
    @WithDefault("PT5M")
    @PositiveDuration
    Duration promoteWithin();

    @Override
    default List<String> inconsistencies() {
        List<String> problems = new ArrayList<>();
        if (sessionMinTtl().compareTo(sessionMaxTtl()) > 0) {
            problems.add("session-min-ttl (" + sessionMinTtl() + ") is longer than session-max-ttl ("
                    + sessionMaxTtl() + ")");
        }
        Consistency.between(problems, "session-ttl", sessionTtl(), "session-min-ttl", sessionMinTtl(),
                "session-max-ttl", sessionMaxTtl());
        return problems;
    }
}
