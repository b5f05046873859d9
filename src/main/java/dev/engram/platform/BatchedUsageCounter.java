package dev.engram.platform;

import io.agroal.api.AgroalDataSource;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts uses of rows by id in memory and writes them with one statement per {@link #flush()}, so a request never
 * waits for an UPDATE. The statement receives {@code (now timestamptz, ids uuid[], counts int[])}, e.g.
 * {@code update t set n = t.n + u.c, last_used = greatest(t.last_used, ?) from unnest(?::uuid[], ?::int[]) as u(id, c)
 * where t.id = u.id}. Counts that could not be written are kept for the next flush.
 */
public final class BatchedUsageCounter {

    private static final Logger LOG = Logger.getLogger(BatchedUsageCounter.class);

    private final String what;
    private final String sql;
    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final ConcurrentHashMap<UUID, Integer> pending = new ConcurrentHashMap<>();

    public BatchedUsageCounter(String what, String sql, AgroalDataSource dataSource, Clock clock) {
        this.what = what;
        this.sql = sql;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public void record(Collection<UUID> ids) {
        for (UUID id : ids) {
            pending.merge(id, 1, Integer::sum);
        }
    }

    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        UUID[] ids = pending.keySet().toArray(UUID[]::new);
        Integer[] counts = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Integer counted = pending.remove(ids[i]);
            counts[i] = counted == null ? 0 : counted;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            dev.engram.platform.JdbcColumns.setInstant(ps, 1, clock.instant());
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("int4", counts));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("Could not write %d %s usage counts, keeping them for the next flush: %s", ids.length, what,
                    e.getMessage());
            for (int i = 0; i < ids.length; i++) {
                pending.merge(ids[i], counts[i], Integer::sum);
            }
        }
    }
}
