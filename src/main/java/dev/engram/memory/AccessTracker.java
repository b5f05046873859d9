package dev.engram.memory;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts memory accesses in memory and writes them in one statement per flush (every second by default and at
 * shutdown), so retrieval never waits for an UPDATE. Counts that could not be written are kept for the next flush.
 */
@ApplicationScoped
class AccessTracker {

    private static final Logger LOG = Logger.getLogger(AccessTracker.class);
    /**
     * One upsert into the narrow memory_access table (never an update of the wide memory row, see V13). Memories
     * deleted meanwhile are skipped by the join, which also matches the tenant: an id deleted in one tenant and
     * imported into another before the flush does not inherit the first tenant's reads. Keys go in sorted order so
     * that pods flushing at the same time cannot deadlock.
     */
    private static final String SQL = "insert into memory_access (memory_id, access_count, last_accessed) "
            + "select u.id, u.hits, ? from unnest(?::text[], ?::uuid[], ?::int[]) as u(tenant_id, id, hits) "
            + "join memory m on m.id = u.id and m.tenant_id = u.tenant_id "
            + "order by u.id on conflict (memory_id) do update set "
            + "access_count = memory_access.access_count + excluded.access_count, "
            + "last_accessed = greatest(memory_access.last_accessed, excluded.last_accessed)";
    /** A memory deleted between the join and the insert's foreign-key check: the next attempt's join drops it. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Integer> pending = new ConcurrentHashMap<>();

    /** A memory of a tenant. */
    private record Key(String tenantId, UUID id) {
    }

    AccessTracker(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    void record(String tenantId, Collection<UUID> ids) {
        for (UUID id : ids) {
            pending.merge(new Key(tenantId, id), 1, Integer::sum);
        }
    }

    @Scheduled(every = "${engram.memory.access-flush-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Key[] ids = pending.keySet().toArray(Key[]::new);
        Integer[] hits = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Integer counted = pending.remove(ids[i]);
            hits[i] = counted == null ? 0 : counted;
        }
        try {
            try {
                write(ids, hits);
            } catch (SQLException e) {
                if (!FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                write(ids, hits);
            }
        } catch (SQLException e) {
            LOG.warnf("Could not write %d access counts, keeping them for the next flush: %s", ids.length, e.getMessage());
            for (int i = 0; i < ids.length; i++) {
                pending.merge(ids[i], hits[i], Integer::sum);
            }
        }
    }

    private void write(Key[] keys, Integer[] hits) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            dev.engram.platform.JdbcColumns.setInstant(ps, 1, Instant.now(clock));
            ps.setArray(2, c.createArrayOf("text", Arrays.stream(keys).map(Key::tenantId).toArray()));
            ps.setArray(3, c.createArrayOf("uuid", Arrays.stream(keys).map(Key::id).toArray()));
            ps.setArray(4, c.createArrayOf("int4", hits));
            ps.executeUpdate();
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        flush();
    }
}
