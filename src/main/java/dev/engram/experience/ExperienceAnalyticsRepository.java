package dev.engram.experience;

import dev.engram.experience.api.ExperienceStatsResponse;
import dev.engram.experience.api.IssuePatternResponse;
import dev.engram.experience.api.StrategiesResponse;
import dev.engram.experience.api.SubjectInsightsResponse;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Aggregations over experiences and issue patterns, each one SQL statement per figure group, tenant-scoped. */
@ApplicationScoped
class ExperienceAnalyticsRepository {

    private final AgroalDataSource dataSource;

    ExperienceAnalyticsRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Attempts, successes and subject family of one subject; attempts 0 when it has none. */
    record Totals(long attempts, long successes, String subjectFamily) {
    }

    Totals subjectTotals(Connection c, String tenantId, String subject) throws SQLException {
        return Sql.query(c, "select count(*), count(*) filter (where success), min(subject_family) from experience"
                + " where tenant_id = ? and subject = ?", List.of(tenantId, subject),
                rs -> new Totals(rs.getLong(1), rs.getLong(2), rs.getString(3))).get(0);
    }

    List<SubjectInsightsResponse.IssueCount> commonIssues(Connection c, String tenantId, String subject, int limit)
            throws SQLException {
        return Sql.query(c, "select issue_type, count(*) as n, count(*) filter (where success) as s from experience"
                + " where tenant_id = ? and subject = ? group by issue_type order by n desc, issue_type limit ?",
                List.of(tenantId, subject, limit), rs -> new SubjectInsightsResponse.IssueCount(rs.getString(1),
                        rs.getLong(2), rs.getLong(3), Sql.rate(rs.getLong(3), rs.getLong(2))));
    }

    List<SubjectInsightsResponse.Fix> effectiveFixes(Connection c, String tenantId, String subject, int limit)
            throws SQLException {
        return Sql.query(c, "select issue_type, actions, count(*) as n from experience where tenant_id = ? and subject = ?"
                + " and success and cardinality(actions) > 0 group by issue_type, actions"
                + " order by n desc, max(occurred_at) desc limit ?", List.of(tenantId, subject, limit),
                rs -> new SubjectInsightsResponse.Fix(rs.getString(1), Sql.strings(rs, "actions"), rs.getLong(3)));
    }

    List<SubjectInsightsResponse.HistoryItem> history(Connection c, String tenantId, String subject, int limit)
            throws SQLException {
        return Sql.query(c, "select id, issue_type, description, actor, success, verified, occurred_at from experience"
                + " where tenant_id = ? and subject = ? order by occurred_at desc, id desc limit ?",
                List.of(tenantId, subject, limit), rs -> new SubjectInsightsResponse.HistoryItem(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getBoolean(6), Sql.instant(rs, "occurred_at")));
    }

    /**
     * Per issue type (the {@code typeLimit} most attempted, or only {@code issueType}): attempts and successes, and
     * its {@code actionLimit} most effective single actions (an action counts once per attempt it was part of).
     */
    List<StrategiesResponse.IssueStrategies> strategies(String tenantId, String issueType, int minSuccesses,
                                                        int typeLimit, int actionLimit) {
        String typeFilter = issueType == null ? "" : " and issue_type = ?";
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (issueType != null) params.add(issueType);
        params.add(typeLimit);
        params.add(tenantId);
        if (issueType != null) params.add(issueType);
        params.addAll(List.of(minSuccesses, actionLimit));
        String sql = "with t as (select issue_type, count(*) as n, count(*) filter (where success) as s from experience"
                + " where tenant_id = ?" + typeFilter + " group by issue_type order by n desc, issue_type limit ?),"
                + " a as (select e.issue_type, x.action, count(*) as n, count(*) filter (where e.success) as s"
                + " from experience e cross join lateral (select distinct unnest(e.actions) as action) x"
                + " where e.tenant_id = ?" + typeFilter.replace("issue_type", "e.issue_type")
                + " group by e.issue_type, x.action),"
                + " r as (select a.*, row_number() over (partition by issue_type order by s desc, s::float8 / n desc, action)"
                + " as rn from a where s >= ?)"
                + " select t.issue_type, t.n, t.s, r.action, r.n, r.s from t left join r on r.issue_type = t.issue_type"
                + " and r.rn <= ? order by t.n desc, t.issue_type, r.rn";
        Map<String, StrategiesResponse.IssueStrategies> byType = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            Sql.query(c, sql, params, rs -> {
                StrategiesResponse.IssueStrategies s = byType.computeIfAbsent(rs.getString(1), type -> {
                    try {
                        return new StrategiesResponse.IssueStrategies(type, rs.getLong(2), rs.getLong(3),
                                Sql.rate(rs.getLong(3), rs.getLong(2)), new ArrayList<>());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                String action = rs.getString(4);
                if (action != null) {
                    s.actions().add(new StrategiesResponse.ActionStats(action, rs.getLong(5), rs.getLong(6),
                            Sql.rate(rs.getLong(6), rs.getLong(5))));
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("strategies query failed: " + e.getMessage(), e);
        }
        return List.copyOf(byType.values());
    }

    /** Totals, with recent activity counted between {@code since} and {@code until}. */
    ExperienceStatsResponse stats(String tenantId, Instant since, Instant until, int listLimit) {
        try (Connection c = dataSource.getConnection()) {
            long[] t = Sql.query(c, "select count(*), count(*) filter (where success), count(*) filter (where verified),"
                    + " count(distinct subject), count(distinct issue_type),"
                    + " count(*) filter (where occurred_at >= ? and occurred_at <= ?),"
                    + " count(*) filter (where success and occurred_at >= ? and occurred_at <= ?),"
                    + " (select count(*) from issue_pattern where tenant_id = ?) from experience where tenant_id = ?",
                    List.of(since, until, since, until, tenantId, tenantId), rs -> new long[]{rs.getLong(1),
                            rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                            rs.getLong(8)}).get(0);
            return new ExperienceStatsResponse(t[0], t[1], t[0] - t[1], t[2], Sql.rate(t[1], t[0]), t[3], t[4], t[7],
                    counts(c, tenantId, "subject", listLimit), counts(c, tenantId, "issue_type", listLimit),
                    new ExperienceStatsResponse.RecentActivity(since, until, t[5], t[6], Sql.rate(t[6], t[5])));
        } catch (SQLException e) {
            throw new IllegalStateException("stats query failed: " + e.getMessage(), e);
        }
    }

    /** {@code column} is one of two fixed names, never client input. */
    private static List<ExperienceStatsResponse.Count> counts(Connection c, String tenantId, String column, int limit)
            throws SQLException {
        return Sql.query(c, "select " + column + ", count(*) as n, count(*) filter (where success) as s from experience"
                + " where tenant_id = ? group by " + column + " order by n desc, " + column + " limit ?",
                List.of(tenantId, limit), rs -> new ExperienceStatsResponse.Count(rs.getString(1), rs.getLong(2),
                        rs.getLong(3), Sql.rate(rs.getLong(3), rs.getLong(2))));
    }

    /** Issue patterns, most attempted first (then most recently seen). */
    List<IssuePatternResponse> patterns(String tenantId, String issueType, String subjectFamily, int minAttempts,
                                        int limit) {
        StringBuilder sql = new StringBuilder("select signature, issue_type, subject_family, attempts, success_count,"
                + " failure_count, best_actions, best_actions_successes, confidence, first_seen, last_seen"
                + " from issue_pattern where tenant_id = ? and attempts >= ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, minAttempts));
        if (issueType != null) {
            sql.append(" and issue_type = ?");
            params.add(issueType);
        }
        if (subjectFamily != null) {
            sql.append(" and subject_family = ?");
            params.add(subjectFamily);
        }
        sql.append(" order by attempts desc, last_seen desc, signature limit ?");
        params.add(limit);
        try (Connection c = dataSource.getConnection()) {
            return Sql.query(c, sql.toString(), params, rs -> new IssuePatternResponse(rs.getString(1),
                    rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                    Sql.rate(rs.getInt(5), rs.getInt(4)), Sql.strings(rs, "best_actions"), rs.getInt(8),
                    Double.parseDouble(Float.toString(rs.getFloat(9))), Sql.instant(rs, "first_seen"),
                    Sql.instant(rs, "last_seen")));
        } catch (SQLException e) {
            throw new IllegalStateException("issue pattern query failed: " + e.getMessage(), e);
        }
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }
}
