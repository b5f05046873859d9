package dev.engram.context.api;

import java.util.List;

/** One page of contexts; pass {@code nextCursor} as {@code cursor} for the next page. */
public record ContextPage(List<ContextResponse> items, String nextCursor) {
}
