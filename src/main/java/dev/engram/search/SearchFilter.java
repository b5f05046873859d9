package dev.engram.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Filters applied inside both candidate queries (so the indexes see them); null means "any". */
record SearchFilter(String tenantId, List<String> types, UUID contextId, String userId, String agentId,
                    String metadataJson, Double minImportance, Instant since, Instant until) {
}
