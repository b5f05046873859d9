package dev.engram.insight;

import jakarta.enterprise.context.ApplicationScoped;
import org.HdrHistogram.ConcurrentHistogram;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Retrieval statistics per tenant, in this pod since it started: searches, searches with hits, the sum of top-hit
 * scores and a latency histogram (HdrHistogram, microseconds, 2 significant digits, a few KiB per tenant). Recording
 * is lock-free and costs well under a microsecond. The numbers are per pod, not cluster-wide (documented).
 */
@ApplicationScoped
public class RetrievalStats {

    private static final int MAX_TENANTS = 10_000;
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final ConcurrentHashMap<String, TenantRetrievals> byTenant = new ConcurrentHashMap<>();
    private final Instant since;

    RetrievalStats(Clock clock) {
        this.since = clock.instant();
    }

    /** Counts one search of the tenant: its duration, and the top hit's score when it found anything. */
    public void record(String tenant, long nanos, Double topScore) {
        TenantRetrievals t = byTenant.get(tenant);
        if (t == null) {
            if (byTenant.size() >= MAX_TENANTS) {
                return;
            }
            t = byTenant.computeIfAbsent(tenant, k -> new TenantRetrievals());
        }
        t.searches.increment();
        t.latency.recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1_000)));
        if (topScore != null) {
            t.withHits.increment();
            t.topScores.add(topScore);
        }
    }

    /** A consistent-enough snapshot of the tenant's counters. */
    Snapshot snapshot(String tenant) {
        TenantRetrievals t = byTenant.get(tenant);
        if (t == null) {
            return new Snapshot(since, 0, 0, null, null, null);
        }
        long searches = t.searches.sum();
        long withHits = t.withHits.sum();
        Double avgTop = withHits == 0 ? null : t.topScores.sum() / withHits;
        ConcurrentHistogram copy = t.latency.copy();
        boolean empty = copy.getTotalCount() == 0;
        return new Snapshot(since, searches, withHits, avgTop,
                empty ? null : copy.getValueAtPercentile(50) / 1000.0,
                empty ? null : copy.getValueAtPercentile(95) / 1000.0);
    }

    record Snapshot(Instant since, long searches, long withHits, Double averageTopScore, Double p50Millis,
                    Double p95Millis) {
    }

    private static final class TenantRetrievals {
        final LongAdder searches = new LongAdder();
        final LongAdder withHits = new LongAdder();
        final DoubleAdder topScores = new DoubleAdder();
        final ConcurrentHistogram latency = new ConcurrentHistogram(MAX_MICROS, 2);
    }
}
