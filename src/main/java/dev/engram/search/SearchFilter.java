package dev.engram.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Filters applied inside both candidate queries (so the indexes see them); null means "any". */
record SearchFilter(String tenantId, List<String> types, UUID contextId, String userId, String agentId,
                    String metadataJson, Double minImportance, Instant since, Instant until) {

    /**
     * Whether the search is limited to one user's, agent's or context's memories: a small share of a large tenant,
     * each on an index of its own, so the tenant's word statistics say little about how many rows a word matches.
     */
    boolean oneOwner() {
        return userId != null || agentId != null || contextId != null;
    }
}
