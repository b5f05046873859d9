package dev.engram.experience.api;

import java.util.List;

/** One page of experiences, newest first; pass {@code nextCursor} as {@code cursor} for the next page. */
public record ExperiencePage(List<ExperienceResponse> items, String nextCursor) {
}
