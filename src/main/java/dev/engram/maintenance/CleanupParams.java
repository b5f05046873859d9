package dev.engram.maintenance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of one cleanup. The age rule ({@code cleanup_old_memories}) runs only when {@code maxAgeDays} is given;
 * expired, retention and capacity rules always run.
 */
public record CleanupParams(Integer maxAgeDays, double minImportance, int maxAccessCount) {

    boolean ageRule() {
        return maxAgeDays != null;
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (ageRule()) {
            m.put("maxAgeDays", maxAgeDays);
            m.put("minImportance", minImportance);
            m.put("maxAccessCount", maxAccessCount);
        }
        return m;
    }
}
