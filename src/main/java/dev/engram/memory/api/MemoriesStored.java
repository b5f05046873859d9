package dev.engram.memory.api;

import java.util.List;
import java.util.UUID;

/**
 * CDI event fired after new memories were committed (single and batch writes, promotion). Observers must return
 * quickly: they run on the request thread. The memory graph uses it to link new memories in the background.
 */
public record MemoriesStored(String tenantId, List<UUID> ids) {
}
