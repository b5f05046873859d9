package dev.engram.insight;

import dev.engram.memorytype.api.RetentionPeriod;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * The facts behind {@link MemoryHealthPolicy}, in three aggregate statements over the tenant's memories. Duplicates
 * are counted among the live (not superseded) memories only: a memory consolidation merged away keeps its content
 * hash, and counting it would leave the issue that recommends consolidating in place after consolidating.
 */
@ApplicationScoped
class HealthRepository {

    /** Same as the cleanup's: the tenant's own memory types override the built-in ones. Binds the tenant. */
    private static final String EFFECTIVE_TYPES = "select distinct on (code) code, retention_seconds, max_capacity "
            + "from memory_type where tenant_id in (?, '_system') order by code, (tenant_id = '_system')";

    private final StatsRepository sql;

    HealthRepository(StatsRepository sql) {
        this.sql = sql;
    }

    MemoryHealthPolicy.Facts facts(String tenantId, String model, Instant now) {
        java.time.OffsetDateTime at = dev.engram.platform.JdbcColumns.timestamptz(now);
        long[] counts = sql.one("select count(*), count(*) filter (where expires_at <= ? and not permanent), "
                        + "count(*) filter (where superseded_by is null)"
                        + " - count(distinct content_hash) filter (where superseded_by is null), "
                        + "count(*) filter (where embedding is null or embedding_model is distinct from ?) "
                        + "from memory where tenant_id = ?", List.of(at, model, tenantId),
                rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        long overdue = sql.one("select count(*) from memory m join (" + EFFECTIVE_TYPES + ") t on t.code = m.type_code "
                        + "where m.tenant_id = ? and not m.permanent and t.retention_seconds is not null "
                        + "and m.created_at < ?::timestamptz - " + RetentionPeriod.sqlInterval("t.retention_seconds"),
                List.of(tenantId, tenantId, at), rs -> rs.getLong(1));
        List<MemoryHealthPolicy.TypeUsage> capacities = sql.list("select t.code, count(m.id), t.max_capacity from ("
                        + EFFECTIVE_TYPES + ") t left join memory m on m.tenant_id = ? and m.type_code = t.code "
                        + "where t.max_capacity is not null group by t.code, t.max_capacity order by t.code",
                List.of(tenantId, tenantId),
                rs -> new MemoryHealthPolicy.TypeUsage(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        return new MemoryHealthPolicy.Facts(counts[0], counts[1], overdue, counts[2], counts[3], model, capacities);
    }
}
