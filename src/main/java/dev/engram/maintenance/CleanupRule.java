package dev.engram.maintenance;

/**
 * The cleanup rules, applied in this order. Permanent memories are never selected by any of them.
 * <ul>
 *   <li>{@code expired}: {@code expires_at} has passed;</li>
 *   <li>{@code retention}: created longer ago than the type's retention period (tenant override, else built-in);</li>
 *   <li>{@code capacity}: per type with a max capacity, the lowest-value memories beyond it (value: importance, then
 *       access count, then last access or creation, lowest first; permanent memories count but are kept);</li>
 *   <li>{@code age}: the source documents' {@code cleanup_old_memories(maxAgeDays, minImportance, maxAccessCount)}:
 *       created more than maxAgeDays ago, importance below minImportance, accessed at most maxAccessCount times.</li>
 * </ul>
 */
enum CleanupRule {
    EXPIRED, RETENTION, CAPACITY, AGE;

    String code() {
        return name().toLowerCase();
    }
}
