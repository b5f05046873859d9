package dev.engram.insight;

import dev.engram.embedding.QueryEmbeddingCache;
import dev.engram.insight.api.RetrievalStatsResponse;
import dev.engram.insight.api.StatsResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Statistics of a tenant's memories (from PostgreSQL) and of its retrievals (counted in this pod). */
@ApplicationScoped
public class StatsService {

    private final StatsRepository repository;
    private final RetrievalStats retrievals;
    private final QueryEmbeddingCache queryCache;
    private final Clock clock;

    StatsService(StatsRepository repository, RetrievalStats retrievals, QueryEmbeddingCache queryCache, Clock clock) {
        this.repository = repository;
        this.retrievals = retrievals;
        this.queryCache = queryCache;
        this.clock = clock;
    }

    public StatsResponse stats(String tenantId, int days, int groupsLimit) {
        return statsAt(tenantId, days, groupsLimit, clock.instant());
    }

    StatsResponse statsAt(String tenantId, int days, int groupsLimit, Instant now) {
        StatsRepository.Totals t = repository.totals(tenantId, now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Map<LocalDate, Long> perDay = repository.createdPerDay(tenantId, first.atStartOfDay(ZoneOffset.UTC).toInstant());
        List<StatsResponse.DayCount> growth = new ArrayList<>(days);
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            growth.add(new StatsResponse.DayCount(d, perDay.getOrDefault(d, 0L)));
        }
        StatsResponse.Storage storage = new StatsResponse.Storage(repository.tenantRows(tenantId), t.bytes(),
                repository.tableSizes());
        return new StatsResponse(t.total(), t.permanent(), t.expired(), t.avgImportance(), t.avgConfidence(),
                t.accesses(), t.users(), t.agents(), t.contexts(), t.oldest(), t.newest(),
                repository.byType(tenantId), groupsLimit, repository.byUser(tenantId, groupsLimit),
                repository.byAgent(tenantId, groupsLimit), repository.byContext(tenantId, groupsLimit), days, growth,
                storage);
    }

    public RetrievalStatsResponse retrieval(String tenantId) {
        RetrievalStats.Snapshot s = retrievals.snapshot(tenantId);
        QueryEmbeddingCache.TenantCounts cache = queryCache.counts(tenantId);
        long lookups = cache.hits() + cache.misses();
        return new RetrievalStatsResponse(s.since(), s.searches(), s.withHits(), s.averageTopScore(), s.p50Millis(),
                s.p95Millis(), cache.hits(), cache.misses(), lookups == 0 ? null : (double) cache.hits() / lookups,
                "pod");
    }
}
