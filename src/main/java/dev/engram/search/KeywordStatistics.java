package dev.engram.search;

import dev.engram.memory.api.MemoriesStored;
import dev.engram.platform.DatabaseFailures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-tenant document frequencies that give keyword search its inverse document frequency (BM25), kept like
 * PostgreSQL's own planner statistics: recomputed from {@code ts_stat()} when they are older than
 * {@code engram.search.keyword-statistics-max-age} or after writes of more than a tenth of the tenant's memories,
 * never on the request path. A search only notes that its tenant may need a refresh; a scheduled worker does it,
 * under a per-tenant advisory lock so that pods do not recompute the same tenant at once. Until a tenant has
 * statistics, every query term weighs the same.
 */
@ApplicationScoped
public class KeywordStatistics {

    private static final Logger LOG = Logger.getLogger(KeywordStatistics.class);
    /** Fewest new memories that make statistics stale, whatever the tenant's size. */
    private static final long MIN_STALE_WRITES = 50;

    private static final class TenantState {
        volatile Instant nextCheck = Instant.MIN;
        volatile long documents;
        final AtomicLong writes = new AtomicLong();
    }

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, TenantState> tenants = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    KeywordStatistics(AgroalDataSource dataSource, Clock clock, SearchConfig config) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxAge = config.keywordStatisticsMaxAge();
    }

    /** Called by searches: cheap, never touches the database. */
    void refreshIfStale(String tenantId) {
        TenantState s = tenants.computeIfAbsent(tenantId, t -> new TenantState());
        if (!clock.instant().isBefore(s.nextCheck) || stale(s)) {
            pending.add(tenantId);
        }
    }

    void onStored(@Observes MemoriesStored event) {
        tenants.computeIfAbsent(event.tenantId(), t -> new TenantState()).writes.addAndGet(event.ids().size());
    }

    private static boolean stale(TenantState s) {
        return s.writes.get() > Math.max(MIN_STALE_WRITES, s.documents / 10);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshPending() {
        for (String tenantId : Set.copyOf(pending)) {
            pending.remove(tenantId);
            try {
                check(tenantId);
            } catch (RuntimeException e) {
                if (DatabaseFailures.translate(e) == null) {
                    LOG.warnf("Could not refresh the keyword statistics of tenant %s: %s", tenantId, e.toString());
                }
                return; // the next search notes the tenant again
            }
        }
    }

    /** Recomputes the tenant's statistics when they are missing, too old or outnumbered by new memories. */
    void check(String tenantId) {
        TenantState s = tenants.computeIfAbsent(tenantId, t -> new TenantState());
        Instant now = clock.instant();
        Optional<Instant> refreshed = refreshedAt(tenantId);
        if (refreshed.isEmpty() || refreshed.get().plus(maxAge).isBefore(now) || stale(s)) {
            long writesBefore = s.writes.get();
            Optional<Long> documents = refresh(tenantId);
            if (documents.isPresent()) {
                s.documents = documents.get();
                s.writes.addAndGet(-writesBefore);
                refreshed = Optional.of(now);
            }
        }
        s.nextCheck = refreshed.map(r -> r.plus(maxAge)).orElse(now.plusSeconds(5));
    }

    private Optional<Instant> refreshedAt(String tenantId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("select refreshed_at from keyword_corpus where tenant_id = ?")) {
                ps.setString(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(dev.engram.platform.JdbcColumns.instant(rs, 1)) : Optional.<Instant>empty();
                }
            }
        });
    }

    /**
     * Recomputes one tenant's statistics in one transaction; empty when another pod holds the tenant's lock (it is
     * doing the same). Returns the number of documents.
     */
    public Optional<Long> refresh(String tenantId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement lock = c.prepareStatement(
                        "select pg_try_advisory_xact_lock(hashtext('engram:keyword-statistics'), hashtext(?))")) {
                    lock.setString(1, tenantId);
                    try (ResultSet rs = lock.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            return Optional.<Long>empty();
                        }
                    }
                }
                long started = System.nanoTime();
                long documents = replace(c, tenantId);
                LOG.debugf("Keyword statistics of tenant %s: %d memories in %d ms", tenantId, documents,
                        (System.nanoTime() - started) / 1_000_000);
                return Optional.of(documents);
            }
        });
    }

    private long replace(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from keyword_lexeme where tenant_id = ?")) {
            ps.setString(1, tenantId);
            ps.executeUpdate();
        }
        // ts_stat takes the text of a query: the tenant id goes in as a quoted literal (format %L).
        try (PreparedStatement ps = c.prepareStatement("insert into keyword_lexeme (tenant_id, lexeme, documents)"
                + " select ?, word, ndoc from ts_stat(format('select search_vector from memory where tenant_id = %L"
                + " and superseded_by is null', ?::text))")) {
            ps.setString(1, tenantId);
            ps.setString(2, tenantId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into keyword_corpus (tenant_id, documents, avg_length,"
                + " refreshed_at) select ?, count(*), coalesce(avg(length(search_vector)), 0), ? from memory"
                + " where tenant_id = ? and superseded_by is null on conflict (tenant_id) do update set"
                + " documents = excluded.documents, avg_length = excluded.avg_length, refreshed_at = excluded.refreshed_at"
                + " returning documents")) {
            ps.setString(1, tenantId);
            dev.engram.platform.JdbcColumns.setInstant(ps, 2, clock.instant());
            ps.setString(3, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
