package dev.engram.experience;

import dev.engram.embedding.QueryEmbeddingCache;
import dev.engram.experience.api.ExperienceMatch;
import dev.engram.experience.api.ExperienceResponse;
import dev.engram.experience.api.ExperienceStatsResponse;
import dev.engram.experience.api.SimilarExperiencesRequest;
import dev.engram.experience.api.SimilarExperiencesResponse;
import dev.engram.experience.api.StrategiesResponse;
import dev.engram.experience.api.SubjectInsightsResponse;
import dev.engram.memory.VectorConverter;
import dev.engram.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What past experiences say about an issue, a subject or the whole tenant. Read-only. */
@ApplicationScoped
public class ExperienceQueryService {

    static final int DEFAULT_BUCKET_SIZE = 5;
    private static final Comparator<ExperienceMatch> BY_SUCCESS_THEN_RECENCY = Comparator
            .comparing((ExperienceMatch m) -> !m.experience().success())
            .thenComparing(m -> m.experience().occurredAt(), Comparator.reverseOrder())
            .thenComparing(m -> m.experience().id(), Comparator.reverseOrder());

    private final ExperienceService experiences;
    private final ExperienceRepository repository;
    private final ExperienceAnalyticsRepository analytics;
    private final QueryEmbeddingCache queryEmbeddings;
    private final ExperienceConfig config;
    private final Clock clock;

    ExperienceQueryService(ExperienceService experiences, ExperienceRepository repository,
                           ExperienceAnalyticsRepository analytics, QueryEmbeddingCache queryEmbeddings,
                           ExperienceConfig config, Clock clock) {
        this.experiences = experiences;
        this.repository = repository;
        this.analytics = analytics;
        this.queryEmbeddings = queryEmbeddings;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Past experiences for an issue in four disjoint buckets (exact signature; same subject and issue type; same issue
     * type; close in meaning with another issue type), each ranked by success, then recency.
     */
    public SimilarExperiencesResponse findSimilar(String tenantId, SimilarExperiencesRequest r) {
        String issueType = blank(r.issueType()) ? null : IssueSignaturePolicy.normaliseIssueType(r.issueType());
        String subject = blank(r.subject()) ? null : r.subject().strip();
        String semanticText = experiences.embeddingText(r.description(), r.prompt());
        if (issueType == null && semanticText.isEmpty()) {
            throw ProblemException.invalidField("issueType", "or description (or prompt) must be given");
        }
        int limit = r.limit() == null ? DEFAULT_BUCKET_SIZE : r.limit();
        String signature = subject != null && issueType != null
                ? experiences.signature(issueType, subject, r.prompt(), r.response()) : null;
        List<ExperienceMatch> exact = signature == null ? List.of()
                : matches(repository.ranked(tenantId, "signature = ?", List.of(signature), limit));
        List<ExperienceMatch> sameSubject = signature == null ? List.of() : matches(repository.ranked(tenantId,
                "subject = ? and issue_type = ? and signature <> ?", List.of(subject, issueType, signature), limit));
        List<ExperienceMatch> sameType = issueType == null ? List.of() : signature == null
                ? matches(repository.ranked(tenantId, "issue_type = ?", List.of(issueType), limit))
                : matches(repository.ranked(tenantId, "issue_type = ? and subject <> ? and signature <> ?",
                        List.of(issueType, subject, signature), limit));
        List<ExperienceMatch> semantic = semanticText.isEmpty() ? List.of() : semantic(tenantId, semanticText, issueType, limit);
        return new SimilarExperiencesResponse(signature, subject == null ? null : IssueSignaturePolicy.subjectFamily(subject),
                exact, sameSubject, sameType, semantic);
    }

    /** Nearest experiences of other issue types above the configured similarity, ranked by success, then recency. */
    private List<ExperienceMatch> semantic(String tenantId, String text, String excludedIssueType, int limit) {
        // through the cache: POST /v1/context/build searches memories and knowledge with the same text
        String vector = VectorConverter.toText(queryEmbeddings.embed(tenantId, List.of(text)).get(0));
        List<ExperienceRepository.Neighbour> near = repository.nearest(tenantId, vector, excludedIssueType, limit).stream()
                .filter(n -> n.similarity() >= config.semanticMinSimilarity()).toList();
        Map<UUID, ExperienceResponse> rows = repository.findAll(tenantId, near.stream().map(ExperienceRepository.Neighbour::id)
                .toList()).stream().collect(Collectors.toMap(ExperienceResponse::id, Function.identity()));
        return near.stream().filter(n -> rows.containsKey(n.id()))
                .map(n -> new ExperienceMatch(round(n.similarity()), rows.get(n.id())))
                .sorted(BY_SUCCESS_THEN_RECENCY).toList();
    }

    /** Attempts, success rate, common issues, effective fixes and recent history of one subject. */
    public SubjectInsightsResponse subjectInsights(String tenantId, String subject, int listLimit) {
        try (Connection c = analytics.connection()) {
            ExperienceAnalyticsRepository.Totals totals = analytics.subjectTotals(c, tenantId, subject);
            if (totals.attempts() == 0) {
                throw new ProblemException(dev.engram.platform.ProblemType.NOT_FOUND,
                        "No experiences are recorded for subject " + subject, Map.of("subject", subject));
            }
            return new SubjectInsightsResponse(subject, totals.subjectFamily(), totals.attempts(), totals.successes(),
                    Sql.rate(totals.successes(), totals.attempts()),
                    analytics.commonIssues(c, tenantId, subject, listLimit),
                    analytics.effectiveFixes(c, tenantId, subject, listLimit),
                    analytics.history(c, tenantId, subject, listLimit));
        } catch (SQLException e) {
            throw new IllegalStateException("subject insights query failed: " + e.getMessage(), e);
        }
    }

    /** The most effective single actions per issue type. */
    public StrategiesResponse strategies(String tenantId, String issueType, int minSuccesses, int typeLimit,
                                         int actionLimit) {
        return new StrategiesResponse(analytics.strategies(tenantId,
                blank(issueType) ? null : IssueSignaturePolicy.normaliseIssueType(issueType), minSuccesses, typeLimit,
                actionLimit));
    }

    /** Totals over the tenant's experiences; recent activity covers {@code engram.experience.recent-window} up to now. */
    public ExperienceStatsResponse stats(String tenantId) {
        Instant now = clock.instant();
        return analytics.stats(tenantId, now.minus(config.recentWindow()), now, 20);
    }

    private static List<ExperienceMatch> matches(List<ExperienceResponse> rows) {
        return rows.stream().map(e -> new ExperienceMatch(null, e)).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static double round(double similarity) {
        return Math.round(similarity * 10_000) / 10_000.0;
    }
}
