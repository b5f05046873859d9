package dev.engram.search;

import java.time.Instant;
import java.util.UUID;

/**
 * A memory found by one query: cosine similarity, keyword rank (the exact Okapi BM25 of the query's lexemes; 0 when
 * the text does not match, and in a semantic search, which computes no BM25), its 1-based position in the vector and
 * keyword candidate lists (0 when not in that list), and the columns the composite score needs, so that only the
 * final hits are loaded in full.
 */
record Candidate(UUID id, double similarity, double keywordRank, int semanticPosition, int keywordPosition,
                 Instant occurredAt, int accessCount, double importance, double confidence) {

    Candidate(UUID id, double similarity, double keywordRank, int semanticPosition, int keywordPosition) {
        this(id, similarity, keywordRank, semanticPosition, keywordPosition, Instant.EPOCH, 0, 0, 0);
    }
}
