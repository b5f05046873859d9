package dev.engram.experience;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.experience.api.ExperienceFilter;
import dev.engram.experience.api.ExperienceResponse;
import dev.engram.platform.JdbcColumns;
import dev.engram.platform.PageCursor;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Experience rows and the issue-pattern upsert that accompanies every write. */
@ApplicationScoped
class ExperienceRepository {

    static final String COLUMNS = "id, subject, subject_family, issue_type, description, prompt, response, response_length,"
            + " actor, analysis, actions, success, verified, duration_seconds, environment::text as environment, notes,"
            + " signature, occurred_at, created_at, embedding_model";
    /** Successful first, then newest. */
    static final String BY_SUCCESS = " order by success desc, occurred_at desc, id desc limit ?";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    ExperienceRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Call inside a transaction. */
    void insert(String tenantId, ExperienceResponse e, String vector) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Sql.update(c, "insert into experience (id, tenant_id, subject, subject_family, issue_type, description, prompt,"
                    + " response, response_length, actor, analysis, actions, success, verified, duration_seconds,"
                    + " environment, notes, signature, occurred_at, created_at, embedding, embedding_model) values"
                    + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, cast(? as halfvec), ?)",
                    java.util.Arrays.asList(e.id(), tenantId, e.subject(), e.subjectFamily(), e.issueType(),
                            e.description(), e.prompt(), e.response(), e.responseLength(), e.actor(), e.analysis(),
                            e.actions().toArray(String[]::new), e.success(), e.verified(), e.durationSeconds(),
                            JdbcColumns.json(json, e.environment()), e.notes(), e.signature(), e.occurredAt(),
                            e.createdAt(), vector, e.embeddingModel()));
        }
    }

    /**
     * Counts one more attempt for the signature (creating the pattern on first sight) and returns the attempts. The
     * upsert locks the pattern row until commit, so concurrent writes of one signature are applied one after the
     * other. Call inside the writing transaction.
     */
    int countAttempt(String tenantId, ExperienceResponse e) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Sql.query(c, "insert into issue_pattern as p (tenant_id, signature, issue_type, subject_family, attempts,"
                    + " success_count, failure_count, confidence, first_seen, last_seen) values (?, ?, ?, ?, 1, ?, ?, 0, ?, ?)"
                    + " on conflict (tenant_id, signature) do update set attempts = p.attempts + 1,"
                    + " success_count = p.success_count + excluded.success_count,"
                    + " failure_count = p.failure_count + excluded.failure_count,"
                    + " first_seen = least(p.first_seen, excluded.first_seen),"
                    + " last_seen = greatest(p.last_seen, excluded.last_seen) returning attempts",
                    List.of(tenantId, e.signature(), e.issueType(), e.subjectFamily(), e.success() ? 1 : 0,
                            e.success() ? 0 : 1, e.occurredAt(), e.occurredAt()), rs -> rs.getInt(1)).get(0);
        }
    }

    /**
     * Sets the pattern's confidence and its best fix: the action list with the most successful attempts of the
     * signature (ties: the latest success). Runs after {@link #countAttempt} in the same transaction, as a new
     * statement, so it sees every attempt committed before the pattern row was locked.
     */
    void refreshPattern(String tenantId, String signature, double confidence) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Sql.update(c, "with b as (select actions, count(*) as n from experience where tenant_id = ? and signature = ?"
                    + " and success and cardinality(actions) > 0 group by actions order by n desc, max(occurred_at) desc"
                    + " limit 1) update issue_pattern set confidence = ?, best_actions = (select actions from b),"
                    + " best_actions_successes = coalesce((select n from b), 0) where tenant_id = ? and signature = ?",
                    List.of(tenantId, signature, (float) confidence, tenantId, signature));
        }
    }

    /**
     * Sets the issue patterns of {@code signatures} to what the tenant's stored experiences say, in one statement
     * whatever their number: counters, first and last seen, confidence and best fix (the same aggregates as
     * {@link #countAttempt} and {@link #refreshPattern} leave, with confidence computed as
     * {@link IssuePatternPolicy#confidence}); creates missing patterns and deletes those whose experiences are all
     * gone. Call inside a transaction.
     */
    void rebuildPatterns(String tenantId, Collection<String> signatures, int saturationAttempts) throws SQLException {
        String[] sigs = signatures.toArray(String[]::new);
        try (Connection c = dataSource.getConnection()) {
            Sql.update(c, "delete from issue_pattern p where p.tenant_id = ? and p.signature = any(?) and not exists"
                    + " (select 1 from experience e where e.tenant_id = p.tenant_id and e.signature = p.signature)",
                    List.of(tenantId, sigs));
            Sql.update(c, "insert into issue_pattern as p (tenant_id, signature, issue_type, subject_family, attempts,"
                    + " success_count, failure_count, confidence, first_seen, last_seen, best_actions,"
                    + " best_actions_successes) select ?, a.signature, a.issue_type, a.subject_family, a.n, a.s,"
                    + " a.n - a.s, least(1.0, greatest(a.n, 0)::float8 / ?::float8), a.first_seen, a.last_seen,"
                    + " b.actions, coalesce(b.n, 0)"
                    + " from (select signature, min(issue_type) as issue_type, min(subject_family) as subject_family,"
                    + " count(*) as n, count(*) filter (where success) as s, min(occurred_at) as first_seen,"
                    + " max(occurred_at) as last_seen from experience where tenant_id = ? and signature = any(?)"
                    + " group by signature) a"
                    + " left join lateral (select actions, count(*) as n from experience e where e.tenant_id = ?"
                    + " and e.signature = a.signature and e.success and cardinality(e.actions) > 0 group by actions"
                    + " order by n desc, max(occurred_at) desc limit 1) b on true"
                    + " on conflict (tenant_id, signature) do update set attempts = excluded.attempts,"
                    + " success_count = excluded.success_count, failure_count = excluded.failure_count,"
                    + " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
                    + " confidence = excluded.confidence, best_actions = excluded.best_actions,"
                    + " best_actions_successes = excluded.best_actions_successes",
                    List.of(tenantId, saturationAttempts, tenantId, sigs, tenantId));
        }
    }

    Optional<ExperienceResponse> find(String tenantId, UUID id) {
        return query("select " + COLUMNS + " from experience where tenant_id = ? and id = ?", List.of(tenantId, id))
                .stream().findFirst();
    }

    /** Experiences by id, in no particular order; unknown ids and other tenants' ids are left out. */
    List<ExperienceResponse> findAll(String tenantId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return query("select " + COLUMNS + " from experience where tenant_id = ? and id = any(?)",
                List.of(tenantId, ids.toArray(UUID[]::new)));
    }

    /** Newest first by (createdAt, id), after the cursor when given; fetches {@code limit} rows. */
    List<ExperienceResponse> page(String tenantId, ExperienceFilter f, PageCursor after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from experience where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        condition(sql, params, " and subject = ?", f.subject());
        condition(sql, params, " and issue_type = ?", f.issueType());
        condition(sql, params, " and actor = ?", f.actor());
        condition(sql, params, " and success = ?", f.success());
        condition(sql, params, " and verified = ?", f.verified());
        condition(sql, params, " and signature = ?", f.signature());
        condition(sql, params, " and occurred_at >= ?", f.since());
        condition(sql, params, " and occurred_at < ?", f.until());
        if (after != null) {
            sql.append(" and (created_at < ? or (created_at = ? and id < ?))");
            params.addAll(List.of(after.createdAt(), after.createdAt(), after.id()));
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(limit);
        return query(sql.toString(), params);
    }

    /** Rows of {@code where} (a fixed fragment with placeholders), successful first, then newest. */
    List<ExperienceResponse> ranked(String tenantId, String where, List<Object> params, int limit) {
        List<Object> all = new ArrayList<>();
        all.add(tenantId);
        all.addAll(params);
        all.add(limit);
        return query("select " + COLUMNS + " from experience where tenant_id = ? and " + where + BY_SUCCESS, all);
    }

    /** A nearest neighbour: its id and cosine similarity. */
    record Neighbour(UUID id, double similarity) {
    }

    /**
     * The tenant's experiences nearest to {@code vector} (HNSW, iterative scan so that the tenant filter cannot starve
     * the result), optionally leaving out one issue type.
     */
    List<Neighbour> nearest(String tenantId, String vector, String excludedIssueType, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Sql.query(c, "select set_config('hnsw.ef_search', ?, true),"
                        + " set_config('hnsw.iterative_scan', 'relaxed_order', true)",
                        List.of(Integer.toString(Math.max(40, limit))), rs -> null);
                List<Object> params = new ArrayList<>(List.of(vector, tenantId));
                String exclude = "";
                if (excludedIssueType != null) {
                    exclude = " and issue_type <> ?";
                    params.add(excludedIssueType);
                }
                params.addAll(List.of(vector, limit));
                return Sql.query(c, "select id, 1 - (embedding <=> cast(? as halfvec)) as similarity from experience"
                        + " where tenant_id = ? and embedding is not null" + exclude
                        + " order by embedding <=> cast(? as halfvec) limit ?", params,
                        rs -> new Neighbour(rs.getObject(1, UUID.class), rs.getDouble(2)));
            }
        });
    }

    private static void condition(StringBuilder sql, List<Object> params, String fragment, Object value) {
        if (value != null) {
            sql.append(fragment);
            params.add(value);
        }
    }

    private List<ExperienceResponse> query(String sql, List<?> params) {
        try (Connection c = dataSource.getConnection()) {
            return Sql.query(c, sql, params, this::map);
        } catch (SQLException e) {
            throw new IllegalStateException("experience query failed: " + e.getMessage(), e);
        }
    }

    private ExperienceResponse map(ResultSet rs) throws SQLException {
        double duration = rs.getDouble("duration_seconds");
        Double durationSeconds = rs.wasNull() ? null : duration;
        return new ExperienceResponse(rs.getObject("id", UUID.class), rs.getString("subject"),
                rs.getString("subject_family"), rs.getString("issue_type"), rs.getString("description"),
                rs.getString("prompt"), rs.getString("response"), rs.getInt("response_length"), rs.getString("actor"),
                rs.getString("analysis"), Sql.strings(rs, "actions"), rs.getBoolean("success"),
                rs.getBoolean("verified"), durationSeconds, JdbcColumns.map(json, rs.getString("environment")),
                rs.getString("notes"), rs.getString("signature"), Sql.instant(rs, "occurred_at"),
                Sql.instant(rs, "created_at"), rs.getString("embedding_model"));
    }
}
