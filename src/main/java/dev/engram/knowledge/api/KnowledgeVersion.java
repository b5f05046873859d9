package dev.engram.knowledge.api;

import java.time.Instant;

/** One version of an entry: the entry as it was written then (usage counters are not versioned). */
public record KnowledgeVersion(long version, Instant createdAt, KnowledgeResponse entry) {
}
