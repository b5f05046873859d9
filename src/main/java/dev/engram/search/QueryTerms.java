package dev.engram.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A query's lexemes, the tenant's mean document length (0 when there are no statistics yet) and, for a search
 * limited to one owner, how many memories the filter reaches (counted up to one more than the match budget; -1
 * when not counted).
 */
record QueryTerms(List<Term> terms, double avgLength, long rowsInReach) {

    /** No lexemes: what a semantic search uses, which neither reads the keyword statistics nor computes BM25. */
    static final QueryTerms NONE = new QueryTerms(List.of(), 0, -1);

    QueryTerms withRowsInReach(long rows) {
        return new QueryTerms(terms, avgLength, rows);
    }

    /** Rarest first (ties by lexeme): the order in which lexemes select and order keyword candidates. */
    List<Term> byRarity() {
        return terms.stream().sorted(java.util.Comparator.comparingLong(Term::documents)
                .thenComparing(Term::lexeme)).toList();
    }

    /**
     * The lexemes that select keyword candidates: rarest first while their document counts add up to at most the
     * match budget, and always the rarest word the tenant holds at all (a word with no documents in the statistics
     * costs nothing and is kept: the statistics may predate it). A common word adds thousands of rows to score but
     * little BM25; it still counts in the score of every candidate that a rarer word brings.
     */
    List<Term> selecting(int matchBudget) {
        List<Term> out = new ArrayList<>();
        long sum = 0;
        boolean matching = false;
        for (Term t : byRarity()) {
            sum += t.documents();
            if (sum <= matchBudget || !matching) {
                out.add(t);
                matching |= t.documents() > 0;
            }
        }
        return out;
    }

    /**
     * When even the rarest word the tenant holds is in more documents than the match budget: the words that narrow
     * the candidates, rarest first (at most {@link CandidateSql#NARROWING_LEXEMES}, none without documents). Empty otherwise.
     */
    List<Term> narrowing(int matchBudget) {
        List<Term> held = byRarity().stream().filter(t -> t.documents() > 0).limit(CandidateSql.NARROWING_LEXEMES).toList();
        return !held.isEmpty() && held.get(0).documents() > matchBudget ? held : List.of();
    }

    /** One lexeme of a query: its document count in the tenant and its inverse document frequency. */
    record Term(String lexeme, long documents, double idf) {

        /** The lexeme as a one-word tsquery literal (quoted; backslash and quote escaped). */
        String tsquery() {
            return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
        }
    }
}
