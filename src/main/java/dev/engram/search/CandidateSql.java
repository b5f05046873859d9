package dev.engram.search;

import dev.engram.platform.Conditions;
import dev.engram.search.QueryTerms.Term;
import dev.engram.search.api.SearchMode;

import java.util.ArrayList;
import java.util.List;

/**
 * The candidate statement of a search, as text plus its parameters: pgvector HNSW nearest neighbours
 * ({@code ORDER BY embedding <=> q} kept bare so the index is used) and full-text matches (GIN) of the query's rarest
 * words within the match budget (when every word is more common, at most the budget of rows, those holding the most
 * of the rarest words first; for an owner of at most the budget of memories, every word over each of its rows),
 * ordered by BM25 with binary term frequency (document frequencies from {@link KeywordStatistics}), unioned, each
 * with its exact similarity and exact Okapi BM25 score (computed for the candidates only). Every value is a bound
 * parameter; the SQL text is made only of the fixed fragments below (and configured numbers). Pure: no connection, so
 * the shape of a statement can be read (and EXPLAINed) by tests; {@link SearchRepository} runs it.
 */
final class CandidateSql {

    /**
     * How many of the query's words (the rarest) order the keyword candidates; all of them count in the exact BM25 of
     * the chosen candidates. Questions have far fewer; a pasted paragraph is ranked by its rarest words.
     */
    static final int SCORED_LEXEMES = 16;

    /**
     * When every word of a query is common (the rarest is in more documents than the match budget): how many of the
     * rarest words make the conjunctions that keyword candidates are drawn from, most specific first.
     */
    static final int NARROWING_LEXEMES = 6;

    private CandidateSql() {
    }

    /** The candidate SQL; {@code params} receives the values in placeholder order. Also used by the EXPLAIN test. */
    static String sql(SearchFilter f, SearchMode mode, String vector, QueryTerms terms, int perIndex, List<Object> params) {
        return sql(f, mode, vector, terms, perIndex, Bm25.DEFAULT, params);
    }

    /**
     * The candidate SQL with the BM25 parameters (numbers from configuration, formatted into the text; every value
     * that comes from a request or the database is a bound parameter).
     */
    static String sql(SearchFilter f, SearchMode mode, String vector, QueryTerms terms, int perIndex, Bm25 bm25,
                      List<Object> params) {
        return sql(f, mode != SearchMode.KEYWORD, mode != SearchMode.SEMANTIC, vector, terms, perIndex, bm25, params);
    }

    /** The candidate SQL of the vector half, the keyword half or both (a query without lexemes has no keyword half). */
    static String sql(SearchFilter f, boolean semantic, boolean keywordHalf, String vector, QueryTerms terms,
                      int perIndex, Bm25 bm25, List<Object> params) {
        List<Term> scored = terms.byRarity();
        scored = scored.subList(0, Math.min(SCORED_LEXEMES, scored.size()));
        boolean keyword = keywordHalf && !scored.isEmpty();
        List<Term> byLexeme = terms.terms().stream().sorted(java.util.Comparator.comparing(Term::lexeme)).toList();
        StringBuilder sql = new StringBuilder("with q as (select cast(? as halfvec) as v, ?::text[] as lx,")
                .append(" ?::float8[] as w, ?::float8 as avgl)");
        params.add(vector);
        params.add(byLexeme.stream().map(Term::lexeme).toArray(String[]::new));
        params.add(byLexeme.stream().map(t -> Double.toString(t.idf())).toArray(String[]::new));
        params.add(terms.avgLength());
        if (semantic) {
            semanticHalf(sql, f, vector, perIndex, params);
        }
        if (keyword) {
            keywordHalf(sql, f, terms, scored, perIndex, bm25, params);
        }
        candidates(sql, semantic, keyword, !terms.terms().isEmpty(), bm25);
        return sql.toString();
    }

    /** CTE {@code sem}: the nearest neighbours on the HNSW index, with their positions. */
    private static void semanticHalf(StringBuilder sql, SearchFilter f, String vector, int perIndex,
                                     List<Object> params) {
        sql.append(", sem as (select id, row_number() over (order by d) as pos from (select id,")
                .append(" embedding <=> cast(? as halfvec) as d from memory where ");
        params.add(vector);
        where(sql, f, params);
        sql.append(" and embedding is not null order by embedding <=> cast(? as halfvec) limit ?) s)");
        params.add(vector);
        params.add(perIndex);
    }

    /** CTE {@code kw} (and the CTEs it reads): full-text matches ordered by BM25 with binary term frequency. */
    private static void keywordHalf(StringBuilder sql, SearchFilter f, QueryTerms terms, List<Term> scored,
                                    int perIndex, Bm25 bm25, List<Object> params) {
        List<Object> scoreParams = new ArrayList<>();
        String score = binaryBm25(terms, scored, bm25, scoreParams);
        // Never for one user's, agent's or context's memories: the tenant-wide counts say little about its rows,
        // and conjunctions would read them again per branch (measured: +1 ms of database CPU).
        List<Term> narrowing = f.oneOwner() ? List.of() : terms.narrowing(bm25.matchBudget());
        // An owner with at most the budget of memories: test each of its rows against every query word. The
        // owner's rows are read through its index (a materialized CTE, so the planner cannot take the GIN index,
        // which would first union every word's tenant-wide posting list); exact, and independent of the
        // tenant's size. Measured at 100k: 0.5 ms for a user's 500 memories.
        boolean ownerScan = terms.rowsInReach() >= 0 && terms.rowsInReach() <= bm25.matchBudget();
        if (ownerScan) {
            sql.append(", own as materialized (select id, search_vector from memory where ");
            where(sql, f, params);
            sql.append(")");
        }
        // Every word is common: visit at most the budget of rows, the most specific first. Conjunctions of the
        // rarest words, all of them first, then one word fewer, down to the rarest word alone (and the words the
        // statistics do not know yet). Each is a materialized CTE: PostgreSQL evaluates one only as far as its
        // reader asks, and plans it for all its rows (the GIN index), where under the limit it would take a
        // sequential scan betting that matches are spread evenly. The union reads them in order and the limit
        // stops it, so the rows matching more of the query's rarest words are the ones visited; a row met again
        // in a later branch is scored once more and dropped.
        for (int n = narrowing.size(); n >= 1; n--) {
            sql.append(", kb").append(n).append(" as materialized (select id, search_vector from memory where ");
            where(sql, f, params);
            sql.append(" and search_vector @@ ?::tsquery)");
            params.add(n > 1 ? tsquery(narrowing.subList(0, n), " & ") : tsquery(terms.selecting(0), " | "));
        }
        sql.append(", kw as (select id, row_number() over (order by r desc) as pos from (");
        if (ownerScan) {
            sql.append("select id, ").append(score).append(" as r from own where search_vector @@ ?::tsquery");
            params.addAll(scoreParams);
            params.add(tsquery(terms.terms(), " | "));
        } else if (narrowing.isEmpty()) {
            // The selecting words match at most the budget (or only the rarest word does not fit): every match
            // is scored, the order is exact.
            sql.append("select id, ").append(score).append(" as r from memory where ");
            params.addAll(scoreParams);
            where(sql, f, params);
            sql.append(" and search_vector @@ ?::tsquery");
            params.add(tsquery(terms.selecting(bm25.matchBudget()), " | "));
        } else {
            sql.append("select distinct id, ").append(score).append(" as r from (");
            params.addAll(scoreParams);
            for (int n = narrowing.size(); n >= 1; n--) {
                sql.append(n < narrowing.size() ? " union all " : "").append("select * from kb").append(n);
            }
            sql.append(" limit ?) b");
            params.add(bm25.matchBudget());
        }
        sql.append(" order by r desc limit ?) k)");
        params.add(perIndex);
    }

    /**
     * The expression that orders keyword candidates: BM25 with binary term frequency (each matching query word counts
     * once: one C-level @@ test per word and row, about 5x cheaper than engram_bm25 over every match); the exact BM25
     * of the chosen candidates is computed by the final select. Memories are short, so a word rarely occurs twice in
     * one. One slot per word (the rarest SCORED_LEXEMES), each with its tsquery and weight as constants, which go to
     * {@code scoreParams} in placeholder order.
     */
    private static String binaryBm25(QueryTerms terms, List<Term> scored, Bm25 bm25, List<Object> scoreParams) {
        StringBuilder score = new StringBuilder("(");
        for (int i = 0; i < scored.size(); i++) {
            score.append(i > 0 ? " + " : "").append("case when search_vector @@ ?::tsquery then ? else 0 end");
            scoreParams.add(scored.get(i).tsquery());
            scoreParams.add(scored.get(i).idf());
        }
        score.append(") / (1 + ").append(bm25.k1()).append(" * (1 - ").append(bm25.b()).append(" + ")
                .append(bm25.b()).append(" * ");
        if (terms.avgLength() > 0) {
            score.append("length(search_vector) / ?::float8");
            scoreParams.add(terms.avgLength());
        } else {
            score.append("1");
        }
        return score.append("))").toString();
    }

    /**
     * The final select: every candidate of either half with its exact similarity, exact BM25 and positions. The BM25
     * is the body of the SQL function {@code engram_bm25} (V11) written into the statement as a lateral subquery: a
     * SQL function with a FROM clause is never inlined, and calling it cost ~15 µs per candidate against ~4 µs
     * inline (measured on 20k rows), about 1 ms of database CPU per search. CandidateSqlTest keeps the two equal.
     * Without lexemes (a semantic search, which reads none, or a query of stop words only) there is nothing to score:
     * the keyword rank is 0, as the lateral subquery would compute, and no candidate's tsvector is read.
     */
    private static void candidates(StringBuilder sql, boolean semantic, boolean keyword, boolean lexemes, Bm25 bm25) {
        sql.append(" select m.id, 1 - (m.embedding <=> q.v) as similarity,")
                .append(lexemes ? " bm.kw_rank," : " 0::float8 as kw_rank,")
                .append(semantic ? " coalesce(sem.pos, 0)" : " 0").append(" as sem_pos,")
                .append(keyword ? " coalesce(kw.pos, 0)" : " 0").append(" as kw_pos,")
                .append(" m.occurred_at, coalesce(a.access_count, 0) as access_count, m.importance, m.confidence")
                .append(" from q, memory m left join memory_access a on a.memory_id = m.id");
        if (semantic) {
            sql.append(" left join sem on sem.id = m.id");
        }
        if (keyword) {
            sql.append(" left join kw on kw.id = m.id");
        }
        if (lexemes) {
            exactBm25(sql, bm25);
        }
        // = any(array(...)): the candidate ids become one array, read through the primary key (no scan of memory).
        sql.append(" where m.id = any(array(");
        if (semantic) {
            sql.append("select id from sem");
        }
        if (semantic && keyword) {
            sql.append(" union ");
        }
        if (keyword) {
            sql.append("select id from kw");
        }
        if (!semantic && !keyword) {
            sql.append("select null::uuid where false");
        }
        sql.append("))");
    }

    /** The lateral subquery {@code bm}: the candidate's exact BM25 over the query's lexemes ({@code q.lx}, {@code q.w}). */
    private static void exactBm25(StringBuilder sql, Bm25 bm25) {
        double k1 = bm25.k1();
        double b = bm25.b();
        sql.append(", lateral (select coalesce(sum(t.idf * t.n * ").append(k1 + 1).append(" / (t.n + ").append(k1)
                .append(" * (").append(1 - b).append(" + ").append(b)
                .append(" * case when q.avgl > 0 then length(m.search_vector) / q.avgl else 1 end))), 0) as kw_rank")
                .append(" from (select w.idf, coalesce(array_length(u.positions, 1), 1)::float8 as n")
                .append(" from unnest(m.search_vector) u join unnest(q.lx, q.w) as w (lexeme, idf)")
                .append(" on w.lexeme = u.lexeme) t) bm");
    }

    /** The words as one tsquery literal, joined by {@code " | "} (any of them) or {@code " & "} (all of them). */
    private static String tsquery(List<Term> words, String operator) {
        return String.join(operator, words.stream().map(Term::tsquery).toList());
    }

    /** Okapi BM25 parameters, and the most rows a keyword half visits to order its candidates. */
    record Bm25(double k1, double b, int matchBudget) {
        static final Bm25 DEFAULT = new Bm25(1.2, 0.75, 1000);
    }

    static void where(StringBuilder sql, SearchFilter f, List<Object> params) {
        sql.append("tenant_id = ? and superseded_by is null and (expires_at is null or expires_at > now())");
        params.add(f.tenantId());
        if (f.types() != null && !f.types().isEmpty()) {
            sql.append(" and type_code = any(?)");
            params.add(f.types().toArray(String[]::new));
        }
        if (f.contextId() != null) {
            sql.append(" and context_id = ?");
            params.add(f.contextId());
        }
        if (f.userId() != null) {
            sql.append(" and user_id = ?");
            params.add(f.userId());
        }
        if (f.agentId() != null) {
            sql.append(" and agent_id = ?");
            params.add(f.agentId());
        }
        if (f.metadataJson() != null) {
            sql.append(" and metadata @> cast(? as jsonb)");
            params.add(f.metadataJson());
        }
        if (f.minImportance() != null) {
            sql.append(" and importance >= ?");
            params.add(Conditions.real(f.minImportance())); // a real column: 0.7 is stored as 0.699999988
        }
        if (f.since() != null) {
            sql.append(" and occurred_at >= ?");
            params.add(dev.engram.platform.JdbcColumns.timestamptz(f.since()));
        }
        if (f.until() != null) {
            sql.append(" and occurred_at < ?");
            params.add(dev.engram.platform.JdbcColumns.timestamptz(f.until()));
        }
    }
}
