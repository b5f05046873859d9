package dev.engram.insight.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Statistics of the tenant's long-term memories.
 *
 * @param expiredMemories   memories whose {@code expiresAt} has passed but that no cleanup removed yet
 * @param groupsLimit       how many entries {@code byUser}, {@code byAgent} and {@code byContext} hold at most (the
 *                          largest groups; memories without a user/agent/context form a group with a null key)
 * @param growth            memories created per UTC day over the last {@code days} days, oldest first, zero days
 *                          included
 * @param storage           the tenant's row counts and the size of the whole tables (shared by all tenants)
 */
public record StatsResponse(long totalMemories, long permanentMemories, long expiredMemories,
                            Double averageImportance, Double averageConfidence, long totalAccesses,
                            long distinctUsers, long distinctAgents, long distinctContexts,
                            Instant oldestMemoryAt, Instant newestMemoryAt,
                            List<TypeCount> byType, int groupsLimit, List<UserCount> byUser, List<AgentCount> byAgent,
                            List<ContextCount> byContext, int days, List<DayCount> growth, Storage storage) {

    public record TypeCount(String type, long count, double averageImportance) {
    }

    public record UserCount(String userId, long count) {
    }

    public record AgentCount(String agentId, long count) {
    }

    public record ContextCount(UUID contextId, String name, long count) {
    }

    public record DayCount(LocalDate day, long count) {
    }

    /**
     * @param tenantRows          the tenant's rows per table
     * @param memoryBytesEstimate sum of {@code pg_column_size} of the tenant's memory rows (data, without indexes)
     * @param tables              total size of each table with its indexes and TOAST, for all tenants together
     */
    public record Storage(java.util.Map<String, Long> tenantRows, long memoryBytesEstimate, List<TableSize> tables) {
    }

    public record TableSize(String table, long totalBytes) {
    }
}
