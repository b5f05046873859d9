package dev.engram.session;

import dev.engram.platform.ClusterJob;
import dev.engram.platform.ClusterJobs;
import dev.engram.platform.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.RedisValueType;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;

/**
 * Off by default ({@code engram.short-term.promote-before-expiry}): finds sessions whose TTL runs out within
 * {@code promote-within} and that have turns not yet promoted, and promotes them. One pod runs it at a time (the
 * {@code promote} cluster lock of {@link ClusterJobs}); promotion itself also takes a per-session lock and never
 * stores a turn twice. {@code java -jar quarkus-run.jar job promote} runs it once from a CronJob, whatever
 * {@code promote-before-expiry} says.
 */
@ApplicationScoped
class SessionPromotionJob implements ClusterJob {

    private static final Logger LOG = Logger.getLogger(SessionPromotionJob.class);

    private final RedisDataSource redis;
    private final SessionStore store;
    private final PromotionService promotion;
    private final ShortTermConfig config;
    private final Clock clock;
    private final ClusterJobs jobs;

    SessionPromotionJob(RedisDataSource redis, SessionStore store, PromotionService promotion, ShortTermConfig config,
                        Clock clock, ClusterJobs jobs) {
        this.redis = redis;
        this.store = store;
        this.promotion = promotion;
        this.config = config;
        this.clock = clock;
        this.jobs = jobs;
    }

    @Override
    public String name() {
        return "promote";
    }

    @Scheduled(every = "${engram.short-term.promotion-job-interval:1m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void scheduled() {
        jobs.runExclusively(this, ClusterJobs.executor("scheduler"));
    }

    /**
     * Every tenant with sessions, one at a time: a failure of one tenant is logged and the others are still promoted.
     * The scan pattern also matches other keys (a cache key may contain ':'), so only sorted sets of the exact shape
     * of a session index are taken.
     */
    @Override
    public Result run(String executedBy) {
        int promoted = 0;
        int tenants = 0;
        int failed = 0;
        for (String indexKey : redis.key().scan(new KeyScanArgs().match(RedisKeys.sessionIndexPattern())
                .type(RedisValueType.ZSET).count(100)).toIterable()) {
            String tenant = RedisKeys.tenantOfSessionIndex(indexKey);
            if (tenant == null) {
                continue;
            }
            tenants++;
            try {
                promoted += promoteExpiring(tenant);
            } catch (RuntimeException e) {
                failed++;
                LOG.warnf("Could not promote the expiring sessions of tenant %s: %s", tenant, e.toString());
            }
        }
        if (promoted > 0) {
            LOG.infof("Promoted %d sessions before expiry", promoted);
        }
        return new Result(failed == 0, "tenants=" + tenants + " promotedSessions=" + promoted
                + (failed == 0 ? "" : " failedTenants=" + failed));
    }

    /** Promotes the tenant's sessions that expire soon and have unpromoted turns; returns how many. */
    int promoteExpiring(String tenant) {
        int promoted = 0;
        long now = clock.millis();
        SessionStore.Cursor cursor = SessionStore.Cursor.START;
        while (cursor != null) {
            SessionStore.Page page = store.page(tenant, cursor, 200);
            for (SessionStore.Listed s : page.sessions()) {
                Map<String, String> meta = s.meta();
                long expiresAt = SessionService.expiresAtMillis(meta);
                long seq = Long.parseLong(meta.getOrDefault("seq", "0"));
                long done = Long.parseLong(meta.getOrDefault("promotedSeq", "0"));
                if (expiresAt - now <= config.promoteWithin().toMillis() && seq > done) {
                    try {
                        promotion.promote(tenant, s.sessionId());
                        promoted++;
                    } catch (RuntimeException e) {
                        LOG.warnf("Could not promote session %s of tenant %s: %s", s.sessionId(), tenant, e.getMessage());
                    }
                }
            }
            cursor = page.next();
        }
        return promoted;
    }

    /** Skips the job unless {@code engram.short-term.promote-before-expiry} is on. */
    public static class Disabled implements Scheduled.SkipPredicate {
        public Disabled() {
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("engram.short-term.promote-before-expiry", Boolean.class).orElse(false);
        }
    }
}
