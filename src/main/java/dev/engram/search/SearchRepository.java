package dev.engram.search;

import dev.engram.search.api.SearchMode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Candidate retrieval in one SQL statement: pgvector HNSW nearest neighbours ({@code ORDER BY embedding <=> q} kept
 * bare so the index is used) and full-text matches (GIN) of the query's rarest words within the match budget, ordered
 * by BM25 with binary term frequency (document frequencies from {@link KeywordStatistics}), unioned, each with its exact
 * similarity and exact Okapi BM25 score (SQL function {@code engram_bm25}, computed for the candidates only).
 * Every value is a bound parameter; the SQL text is made only of the fixed fragments below.
 */
@ApplicationScoped
class SearchRepository {


    /**
     * How many of the query's words (the rarest) order the keyword candidates; all of them count in the exact BM25 of
     * the chosen candidates. Questions have far fewer; a pasted paragraph is ranked by its rarest words.
     */
    static final int SCORED_LEXEMES = 16;

    private final AgroalDataSource dataSource;

    SearchRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<Candidate> candidates(SearchFilter filter, SearchMode mode, String vector, String text, int perIndex, int efSearch,
                               Bm25 bm25) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "select set_config('hnsw.ef_search', ?, true), set_config('hnsw.iterative_scan', 'relaxed_order', true),"
                                + " set_config('plan_cache_mode', 'force_custom_plan', true)")) {
                    ps.setString(1, Integer.toString(Math.max(efSearch, perIndex)));
                    ps.executeQuery().close();
                }
                // A custom plan per search: once the JDBC driver prepares the statement server-side, a generic plan
                // (limit, vector and filters unknown) was measured at 180-250 ms against 5-7 ms for a custom plan.
                List<Object> params = new ArrayList<>();
                String sql = sql(filter, mode, vector, text, perIndex, bm25, params);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.size(); i++) {
                        bind(c, ps, i + 1, params.get(i));
                    }
                    return read(ps);
                }
            }
        });
    }

    /** The candidate SQL; {@code params} receives the values in placeholder order. Also used by the EXPLAIN test. */
    static String sql(SearchFilter f, SearchMode mode, String vector, String text, int perIndex, List<Object> params) {
        return sql(f, mode, vector, text, perIndex, Bm25.DEFAULT, params);
    }

    /**
     * The candidate SQL with the BM25 parameters (numbers from configuration, formatted into the text; every value
     * that comes from a request is a bound parameter).
     */
    static String sql(SearchFilter f, SearchMode mode, String vector, String text, int perIndex, Bm25 bm25,
                      List<Object> params) {
        boolean semantic = mode != SearchMode.KEYWORD;
        boolean keyword = mode != SearchMode.SEMANTIC;
        String query = text == null ? "" : text;
        // qt: the query's lexemes with their inverse document frequency from the tenant's statistics (ln 2 for all
        // when there are none yet); q: the query vector, tsquery, and the lexemes and weights as arrays for BM25.
        // qt also holds each lexeme's document count (df) and the lexeme as a one-word tsquery (quoted; ' and \
        // escaped). sel: the lexemes that select keyword candidates, rarest first, while their document counts add up
        // to at most the match budget (the rarest one always): a common word adds thousands of rows to score but
        // little BM25; it still counts in the score of every candidate that a rarer word brings.
        StringBuilder sql = new StringBuilder("with qt as (select u.lexeme, coalesce(l.documents, 0) as df,")
                .append(" ('''' || replace(replace(u.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery as tq,")
                .append(" ln(1 + (greatest(coalesce(c.documents, 0)")
                .append(" - coalesce(l.documents, 0), 0) + 0.5) / (coalesce(l.documents, 0) + 0.5)) as idf")
                .append(" from unnest(to_tsvector('english', ?)) u left join keyword_corpus c on c.tenant_id = ?")
                .append(" left join keyword_lexeme l on l.tenant_id = ? and l.lexeme = u.lexeme),")
                .append(" sel as (select tq from (select tq, row_number() over (order by df, lexeme) as rk,")
                .append(" sum(df) over (order by df, lexeme rows between unbounded preceding and current row) as cum")
                .append(" from qt) x where rk = 1 or cum <= ").append(bm25.matchBudget()).append("),")
                .append(" q as (select cast(? as halfvec) as v,")
                .append(" (select string_agg(tq::text, ' | ') from sel)::tsquery as t,")
                .append(" array(select lexeme from qt order by lexeme) as lx,")
                .append(" array(select idf from qt order by lexeme)::float8[] as w,")
                .append(" array(select tq from qt order by df, lexeme limit ").append(SCORED_LEXEMES).append(") as rtq,")
                .append(" array(select idf from qt order by df, lexeme limit ").append(SCORED_LEXEMES).append(")::float8[] as rw,")
                .append(" coalesce((select avg_length from keyword_corpus where tenant_id = ?), 0)::float8 as avgl)");
        params.add(query);
        params.add(f.tenantId());
        params.add(f.tenantId());
        params.add(vector);
        params.add(f.tenantId());
        String k1b = ", " + bm25.k1() + ", " + bm25.b() + ")";
        if (semantic) {
            sql.append(", sem as (select id, row_number() over (order by d) as pos from (select id,")
                    .append(" embedding <=> cast(? as halfvec) as d from memory where ");
            params.add(vector);
            where(sql, f, params);
            sql.append(" and embedding is not null order by embedding <=> cast(? as halfvec) limit ?) s)");
            params.add(vector);
            params.add(perIndex);
        }
        if (keyword) {
            // Candidates are ordered by BM25 with binary term frequency (each matching query word counts once: a few
            // C-level @@ tests per row, about 5x cheaper than engram_bm25 over every match); the exact BM25 of the
            // chosen candidates is computed below. Memories are short, so a word rarely occurs twice in one.
            // The words are fixed slots of an expression (the rarest SCORED_LEXEMES; a missing one is a null tsquery,
            // which @@ skips): measured ~10 % faster at 100k than a correlated unnest subquery per row.
            sql.append(", kw as (select id, row_number() over (order by r desc) as pos from (select id, (");
            for (int i = 1; i <= SCORED_LEXEMES; i++) {
                sql.append(i > 1 ? " + " : "").append("case when search_vector @@ (select rtq from q)[").append(i)
                        .append("] then (select rw from q)[").append(i).append("] else 0 end");
            }
            sql.append(") / (1 + ").append(bm25.k1()).append(" * (1 - ").append(bm25.b())
                    .append(" + ").append(bm25.b()).append(" * case when (select avgl from q) > 0")
                    .append(" then length(search_vector) / (select avgl from q) else 1 end)) as r from memory where ");
            where(sql, f, params);
            sql.append(" and search_vector @@ (select t from q) order by r desc limit ?) k)");
            params.add(perIndex);
        }
        sql.append(" select m.id, 1 - (m.embedding <=> q.v) as similarity,")
                .append(" engram_bm25(m.search_vector, q.lx, q.w, q.avgl").append(k1b).append(" as kw_rank,")
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
        sql.append("))");
        return sql.toString();
    }

    /** Okapi BM25 parameters, and the budget of matching documents that keyword candidates are drawn from. */
    record Bm25(double k1, double b, int matchBudget) {
        static final Bm25 DEFAULT = new Bm25(1.2, 0.75, 5000);
    }

    private static void where(StringBuilder sql, SearchFilter f, List<Object> params) {
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
            params.add(f.minImportance());
        }
        if (f.since() != null) {
            sql.append(" and occurred_at >= ?");
            params.add(Timestamp.from(f.since()));
        }
        if (f.until() != null) {
            sql.append(" and occurred_at < ?");
            params.add(Timestamp.from(f.until()));
        }
    }

    static void bind(Connection c, PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.VARCHAR);
        } else if (value instanceof String[] array) {
            ps.setArray(index, c.createArrayOf("text", array));
        } else {
            ps.setObject(index, value);
        }
    }

    private static List<Candidate> read(PreparedStatement ps) throws SQLException {
        List<Candidate> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double similarity = rs.getDouble(2);
                boolean noEmbedding = rs.wasNull();
                out.add(new Candidate(rs.getObject(1, UUID.class), noEmbedding ? 0 : similarity, rs.getDouble(3),
                        rs.getInt(4), rs.getInt(5), rs.getTimestamp(6).toInstant(), rs.getInt(7),
                        Double.parseDouble(Float.toString(rs.getFloat(8))), Double.parseDouble(Float.toString(rs.getFloat(9)))));
            }
        }
        return out;
    }
}
