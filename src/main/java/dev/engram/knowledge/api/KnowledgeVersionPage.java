package dev.engram.knowledge.api;

import java.util.List;
import java.util.UUID;

/** An entry's versions, newest first; pass {@code nextCursor} as {@code cursor} for older ones. */
public record KnowledgeVersionPage(UUID entryId, List<KnowledgeVersion> items, String nextCursor) {
}
