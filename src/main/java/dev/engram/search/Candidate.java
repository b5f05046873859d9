package dev.engram.search;

import java.util.UUID;

/**
 * A memory found by one query: cosine similarity, ts_rank_cd keyword rank (0 when the text does not match), and its
 * 1-based position in the vector and keyword candidate lists (0 when not in that list).
 */
record Candidate(UUID id, double similarity, double keywordRank, int semanticPosition, int keywordPosition) {
}
