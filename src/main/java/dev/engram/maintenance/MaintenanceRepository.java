package dev.engram.maintenance;

import dev.engram.memorytype.api.RetentionPeriod;
import dev.engram.platform.DatabaseFailures;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The set-based statements of decay and cleanup, on plain JDBC in auto-commit mode: every statement (one decay
 * UPDATE per batch of scanned memories, one DELETE per cleanup batch) is its own short transaction.
 */
@ApplicationScoped
class MaintenanceRepository {

    /** The tenant's effective memory types: its own rows override the built-in ('_system') ones. Binds the tenant. */
    static final String EFFECTIVE_TYPES = "select distinct on (code) code, retention_seconds, max_capacity "
            + "from memory_type where tenant_id in (?, '_system') order by code, (tenant_id = '_system')";

    /**
     * One batch of decay, {@code (1 - rate)^idle days} per row ({@link DecayPolicy}): scans the next {@code limit}
     * memories of the tenant in (created_at, id) order below a key, by its index, and updates those of them that
     * decay by at least the minimum change — unless a PATCH of the importance committed after the scan read the row
     * (its {@code importance_decayed_at} differs then; the factor would be stale). Answers the rows updated, the rows
     * scanned and the key of the last one.
     */
    private static final String DECAY = """
            with scan as (
                select x.id, x.created_at, x.importance, x.importance_decayed_at, x.permanent from memory x
                where x.tenant_id = ? and (x.created_at, x.id) < (?::timestamptz, ?::uuid)
                order by x.created_at desc, x.id desc limit ?),
            d as (
                select s.id, s.importance_decayed_at as seen,
                       power(1 - ?::float8, extract(epoch from (?::timestamptz - greatest(
                           coalesce(a.last_accessed, s.created_at) + make_interval(secs => ?::float8),
                           coalesce(s.importance_decayed_at, '-infinity'::timestamptz)))) / 86400.0) as factor
                from scan s left join memory_access a on a.memory_id = s.id
                where not s.permanent and s.importance > ?::float8
                  and coalesce(a.last_accessed, s.created_at) + make_interval(secs => ?::float8) < ?::timestamptz
                  and (s.importance_decayed_at is null or s.importance_decayed_at < ?::timestamptz)),
            u as (
                update memory m set importance_decayed_at = ?::timestamptz,
                                    importance = greatest(?::float8, m.importance * d.factor)
                from d where m.id = d.id and m.importance_decayed_at is not distinct from d.seen
                  and (d.factor <= 1 - ?::float8 or m.importance * d.factor <= ?::float8)
                returning 1),
            last as (select created_at, id from scan order by created_at, id limit 1)
            select (select count(*) from u), (select count(*) from scan), (select created_at from last),
                   (select id from last)""";

    private static final String REMOVE = """
            with victims as (%s),
            gone as (delete from memory m using victims v where m.id = v.id and m.tenant_id = ? and not m.permanent
                     returning m.*, (select a.access_count from memory_access a where a.memory_id = m.id) as access_count,
                               (select a.last_accessed from memory_access a where a.memory_id = m.id) as last_accessed,
                               pg_column_size(m.*) as row_bytes)%s
            select count(*), coalesce(sum(row_bytes), 0) from gone""";

    private static final String ARCHIVE = """
            ,
            kept as (insert into memory_archive (id, tenant_id, type_code, reason, run_id, archived_at, embedding, memory)
                     select g.id, g.tenant_id, g.type_code, ?, ?, ?, g.embedding,
                            to_jsonb(g) - 'embedding' - 'search_vector' - 'row_bytes' from gone g
                     on conflict (id) do update set reason = excluded.reason, run_id = excluded.run_id,
                         archived_at = excluded.archived_at, embedding = excluded.embedding, memory = excluded.memory)
            """;

    private final AgroalDataSource dataSource;

    MaintenanceRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every tenant that has memories, by a loose index scan (one index probe per tenant, not a table scan). */
    List<String> tenants() {
        String sql = """
                with recursive t(tenant_id) as (
                    (select tenant_id from memory order by tenant_id limit 1)
                    union all
                    select (select m.tenant_id from memory m where m.tenant_id > t.tenant_id order by m.tenant_id limit 1)
                    from t where t.tenant_id is not null)
                select tenant_id from t where tenant_id is not null""";
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list tenants: " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@link DecayPolicy} to the tenant's idle memories, {@code batchSize} scanned rows per statement (each
     * its own short transaction, so that no request waits on a lock for the whole run); returns how many changed.
     * Rows whose importance would change by less than the policy's {@code minChange} are not written (each write
     * re-indexes the row), and keep their {@code importance_decayed_at}, so that a later run decays their idle time
     * too.
     */
    long decay(String tenantId, DecayPolicy policy, Instant now, int batchSize) {
        Timestamp at = Timestamp.from(now);
        double grace = policy.grace().toNanos() / 1e9;
        Timestamp below = new Timestamp(PGStatement.DATE_POSITIVE_INFINITY); // 'infinity': above every row
        UUID belowId = new UUID(-1L, -1L);
        long updated = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DECAY)) {
            while (true) {
                Object[] binds = {tenantId, below, belowId, batchSize, policy.ratePerDay(), at, grace, policy.floor(),
                        grace, at, at, at, policy.floor(), policy.minChange(), policy.floor()};
                for (int i = 0; i < binds.length; i++) {
                    ps.setObject(i + 1, binds[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    updated += rs.getLong(1);
                    if (rs.getLong(2) < batchSize) {
                        return updated;
                    }
                    below = rs.getTimestamp(3);
                    belowId = rs.getObject(4, UUID.class);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Decay failed after " + updated + " memories: " + e.getMessage(), e);
        }
    }

    /** What one batch removed: rows and their approximate size ({@code pg_column_size} of the rows). */
    record Removal(long rows, long bytes) {
    }

    /** Deletes (or archives) up to {@code batchSize} memories selected by the rule, in one statement. */
    Removal removeBatch(String tenantId, CleanupRule rule, CleanupParams params, Instant now, boolean archive,
                        UUID runId, int batchSize) {
        try (Connection c = dataSource.getConnection()) {
            // a deadlock with the auto-linker (it locks new memories and their neighbours FOR SHARE) is run again
            return DatabaseFailures.retryingLockConflicts(
                    () -> removeBatch(c, tenantId, rule, params, now, archive, runId, batchSize));
        } catch (SQLException e) {
            throw new IllegalStateException("Cleanup (" + rule.code() + ") failed: " + e.getMessage(), e);
        }
    }

    /**
     * What a cleanup would remove, per rule: the same statements, batch after batch and rule after rule, in one
     * transaction that is rolled back, so the counts are exactly those of a real run at this moment (later rules see
     * the earlier ones' removals). The selected rows stay locked until the rollback.
     */
    Map<CleanupRule, Removal> preview(String tenantId, List<CleanupRule> rules, CleanupParams params, Instant now,
                                      boolean archive, UUID runId, int batchSize) {
        try (Connection c = dataSource.getConnection()) {
            return DatabaseFailures.retryingLockConflicts(() -> {
                Map<CleanupRule, Removal> out = new EnumMap<>(CleanupRule.class);
                c.setAutoCommit(false);
                try {
                    for (CleanupRule rule : rules) {
                        long rows = 0;
                        long bytes = 0;
                        Removal batch;
                        do {
                            batch = removeBatch(c, tenantId, rule, params, now, archive, runId, batchSize);
                            rows += batch.rows();
                            bytes += batch.bytes();
                        } while (batch.rows() == batchSize);
                        out.put(rule, new Removal(rows, bytes));
                    }
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Cleanup dry run failed: " + e.getMessage(), e);
        }
    }

    private static Removal removeBatch(Connection c, String tenantId, CleanupRule rule, CleanupParams params,
                                       Instant now, boolean archive, UUID runId, int batchSize) throws SQLException {
        List<Object> binds = new ArrayList<>();
        String selector = selector(rule, tenantId, params, now, batchSize, binds);
        binds.add(tenantId);
        if (archive) {
            binds.add(rule.code());
            binds.add(runId);
            binds.add(Timestamp.from(now));
        }
        String sql = REMOVE.formatted(selector, archive ? ARCHIVE : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                ps.setObject(i + 1, binds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Removal(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private static String selector(CleanupRule rule, String tenantId, CleanupParams p, Instant now, int limit,
                                   List<Object> binds) {
        Timestamp at = Timestamp.from(now);
        switch (rule) {
            case EXPIRED -> {
                binds.addAll(List.of(tenantId, at, limit));
                return "select id from memory where tenant_id = ? and not permanent and expires_at <= ?::timestamptz limit ?";
            }
            case RETENTION -> {
                binds.addAll(List.of(tenantId, tenantId, at, limit));
                return "select m.id from memory m join (" + EFFECTIVE_TYPES + ") t on t.code = m.type_code "
                        + "where m.tenant_id = ? and not m.permanent and t.retention_seconds is not null "
                        + "and m.created_at < ?::timestamptz - " + RetentionPeriod.sqlInterval("t.retention_seconds")
                        + " limit ?";
            }
            case CAPACITY -> {
                binds.addAll(List.of(tenantId, tenantId, limit));
                return "select id from (select m.id, m.permanent, t.max_capacity, row_number() over ("
                        + "partition by m.type_code order by m.permanent desc, m.importance desc, "
                        + "coalesce(a.access_count, 0) desc, coalesce(a.last_accessed, m.created_at) desc, m.id desc) as rank "
                        + "from memory m join (" + EFFECTIVE_TYPES + ") t on t.code = m.type_code "
                        + "left join memory_access a on a.memory_id = m.id "
                        + "where m.tenant_id = ? and t.max_capacity is not null) r "
                        + "where r.rank > r.max_capacity and not r.permanent limit ?";
            }
            case AGE -> {
                binds.addAll(List.of(tenantId, dev.engram.platform.JdbcColumns.timestamptz(now.minusSeconds(86_400L * p.maxAgeDays())),
                        p.minImportance(), p.maxAccessCount(), limit));
                return "select m.id from memory m left join memory_access a on a.memory_id = m.id "
                        + "where m.tenant_id = ? and not m.permanent and m.created_at < ?::timestamptz "
                        + "and m.importance < ?::float8 and coalesce(a.access_count, 0) <= ? limit ?";
            }
            default -> throw new IllegalArgumentException(rule.name());
        }
    }
}
