package dev.engram.graph.api;

import java.util.List;

/** One page of associations, newest first; pass {@code nextCursor} as {@code cursor} for the next page. */
public record AssociationPage(List<AssociationResponse> items, String nextCursor) {
}
