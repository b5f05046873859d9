package dev.engram.search;

import dev.engram.search.CandidateSql.Bm25;
import dev.engram.search.QueryTerms.Term;
import dev.engram.search.api.SearchMode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Candidate retrieval in three round trips (four for a keyword or hybrid search limited to one owner, whose memories
 * are counted first, {@link #rowsInReach}): the transaction's planner settings, the query's lexemes with their
 * statistics ({@link #terms}), then the candidate statement that {@link CandidateSql} writes. A semantic search skips
 * the lexemes (two round trips): it ranks by similarity alone and computes no BM25.
 * <p>
 * A hybrid search runs its two halves at the same time when a keyword thread is idle: the keyword half on a thread
 * and connection of its own, the vector half on the caller's. On an idle or lightly loaded service a search then
 * takes about as long as its slower half instead of the sum of both; under load, when no thread is idle, it runs the
 * one combined statement (the CPU a search costs is the same either way).
 */
@ApplicationScoped
class SearchRepository {

    private final AgroalDataSource dataSource;
    /** Runs keyword halves of hybrid searches; null when {@code engram.search.keyword-threads} is 0. */
    private final ThreadPoolExecutor keywordExecutor;

    @jakarta.inject.Inject
    SearchRepository(AgroalDataSource dataSource, SearchConfig config) {
        this(dataSource, config.keywordThreads());
    }

    SearchRepository(AgroalDataSource dataSource, int threads) {
        this.dataSource = dataSource;
        if (threads > 0) {
            // No queue: a search whose keyword half finds no idle thread runs both halves itself.
            AtomicInteger n = new AtomicInteger();
            keywordExecutor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "engram-search-keyword-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            keywordExecutor.allowCoreThreadTimeOut(true);
        } else {
            keywordExecutor = null;
        }
    }

    List<Candidate> candidates(SearchFilter filter, SearchMode mode, String vector, String text, int perIndex, int efSearch,
                               Bm25 bm25) {
        List<CompletableFuture<List<Candidate>>> keywordHalf = new ArrayList<>(1);
        List<Candidate> out = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                settings(c, Math.max(efSearch, perIndex));
                // A semantic search ranks by similarity alone: no keyword statistics, no BM25 (explain shows 0).
                QueryTerms words = mode == SearchMode.SEMANTIC ? QueryTerms.NONE : terms(c, filter.tenantId(), text);
                boolean semantic = mode != SearchMode.KEYWORD;
                boolean keyword = mode != SearchMode.SEMANTIC && !words.terms().isEmpty();
                QueryTerms terms = keyword && filter.oneOwner()
                        ? words.withRowsInReach(rowsInReach(c, filter, bm25.matchBudget() + 1L)) : words;
                if (semantic && keyword && keywordExecutor != null) {
                    try {
                        keywordHalf.add(CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
                            try (Connection k = dataSource.getConnection()) {
                                settings(k, perIndex);
                                return run(k, filter, false, true, vector, terms, perIndex, bm25);
                            }
                        }), keywordExecutor));
                        keyword = false; // this statement: the vector half only
                    } catch (RejectedExecutionException busy) {
                        // every keyword thread is taken: both halves in this statement
                    }
                }
                return run(c, filter, semantic, keyword, vector, terms, perIndex, bm25);
            }
        });
        // The connection above is released before waiting: a thread that holds a connection never waits for another.
        return keywordHalf.isEmpty() ? out : merge(out, join(keywordHalf.get(0)));
    }

    /** How many memories the filter reaches, counted up to {@code cap} (through the owner's index). */
    static long rowsInReach(Connection c, SearchFilter filter, long cap) throws SQLException {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select count(*) from (select 1 from memory where ");
        CandidateSql.where(sql, filter, params);
        sql.append(" limit ?) x");
        params.add(cap);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                bind(c, ps, i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void settings(Connection c, int efSearch) throws SQLException {
        // A custom plan per search: once the JDBC driver prepares the statement server-side, a generic plan
        // (limit, vector and filters unknown) was measured at 180-250 ms against 5-7 ms for a custom plan.
        try (PreparedStatement ps = c.prepareStatement(
                "select set_config('hnsw.ef_search', ?, true), set_config('hnsw.iterative_scan', 'relaxed_order', true),"
                        + " set_config('plan_cache_mode', 'force_custom_plan', true)")) {
            ps.setString(1, Integer.toString(efSearch));
            ps.executeQuery().close();
        }
    }

    static List<Candidate> run(Connection c, SearchFilter filter, boolean semantic, boolean keyword,
                               String vector, QueryTerms terms, int perIndex, Bm25 bm25) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = CandidateSql.sql(filter, semantic, keyword, vector, terms, perIndex, bm25, params);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                bind(c, ps, i + 1, params.get(i));
            }
            return read(ps);
        }
    }

    /** The two halves' candidates as one list: a memory found by both keeps both positions. */
    static List<Candidate> merge(List<Candidate> semantic, List<Candidate> keyword) {
        java.util.Map<UUID, Candidate> byId = new java.util.LinkedHashMap<>();
        semantic.forEach(c -> byId.put(c.id(), c));
        for (Candidate k : keyword) {
            byId.merge(k.id(), k, (s, kw) -> new Candidate(s.id(), s.similarity(), s.keywordRank(),
                    s.semanticPosition(), kw.keywordPosition(), s.occurredAt(), s.accessCount(), s.importance(),
                    s.confidence()));
        }
        return new ArrayList<>(byId.values());
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        if (keywordExecutor != null) {
            keywordExecutor.shutdown();
        }
    }

    /**
     * The query's lexemes (PostgreSQL's English configuration, as the index) with their document counts and inverse
     * document frequencies from the tenant's statistics (ln 2 for all when there are none yet), and the tenant's mean
     * document length. A round trip of its own so that the candidate SQL gets them as constants: one scoring slot per
     * lexeme instead of a fixed number of slots reading arrays row by row.
     */
    static QueryTerms terms(Connection c, String tenantId, String text) throws SQLException {
        List<Term> terms = new ArrayList<>();
        double avgLength = 0;
        try (PreparedStatement ps = c.prepareStatement("select u.lexeme, coalesce(l.documents, 0),"
                + " ln(1 + (greatest(coalesce(c.documents, 0) - coalesce(l.documents, 0), 0) + 0.5)"
                + " / (coalesce(l.documents, 0) + 0.5)), coalesce(c.avg_length, 0)"
                + " from unnest(to_tsvector('english', ?)) u left join keyword_corpus c on c.tenant_id = ?"
                + " left join keyword_lexeme l on l.tenant_id = ? and l.lexeme = u.lexeme")) {
            ps.setString(1, text == null ? "" : text);
            ps.setString(2, tenantId);
            ps.setString(3, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    terms.add(new Term(rs.getString(1), rs.getLong(2), rs.getDouble(3)));
                    avgLength = rs.getDouble(4);
                }
            }
        }
        return new QueryTerms(terms, avgLength, -1);
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
                        rs.getInt(4), rs.getInt(5), dev.engram.platform.JdbcColumns.instant(rs, 6), rs.getInt(7),
                        Double.parseDouble(Float.toString(rs.getFloat(8))), Double.parseDouble(Float.toString(rs.getFloat(9)))));
            }
        }
        return out;
    }
}
