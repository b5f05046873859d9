package dev.engram.knowledge.api;

import java.util.List;

/** One page of knowledge entries, newest first; pass {@code nextCursor} as {@code cursor} for the next page. */
public record KnowledgePage(List<KnowledgeResponse> items, String nextCursor) {
}
