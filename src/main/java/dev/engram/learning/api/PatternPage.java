package dev.engram.learning.api;

import java.util.List;

/** One page of patterns, newest first; pass {@code nextCursor} as {@code cursor} for the next page. */
public record PatternPage(List<PatternResponse> items, String nextCursor) {
}
