package dev.engram.learning;

import dev.engram.learning.api.CreatePatternRequest;
import dev.engram.learning.api.PatternFilter;
import dev.engram.learning.api.PatternPage;
import dev.engram.learning.api.PatternResponse;
import dev.engram.learning.api.UpdatePatternRequest;
import dev.engram.platform.PageCursor;
import dev.engram.platform.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Learning patterns: CRUD, filtered queries for other features, and outcome recording. */
@ApplicationScoped
public class PatternService {

    private final PatternRepository repository;
    private final LearningConfig config;
    private final Clock clock;

    PatternService(PatternRepository repository, LearningConfig config, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
    }

    public PatternResponse create(String tenantId, CreatePatternRequest r) {
        Instant now = now();
        PatternEntity e = new PatternEntity();
        e.id = UUID.randomUUID();
        e.tenantId = tenantId;
        e.name = r.name();
        e.patternType = r.patternType();
        e.description = r.description();
        e.userId = r.userId();
        e.agentId = r.agentId();
        e.conditions = orEmpty(r.conditions());
        e.actions = orEmpty(r.actions());
        e.patternData = orEmpty(r.patternData());
        e.priorConfidence = r.confidence() == null ? 0.5f : r.confidence().floatValue();
        e.support = r.support() == null ? 0 : r.support();
        e.frequency = r.frequency() == null ? 0 : r.frequency();
        e.active = r.active() == null || r.active();
        e.createdAt = now;
        e.updatedAt = now;
        applyStatistics(e);
        QuarkusTransaction.requiringNew().run(() -> repository.persist(e));
        return toResponse(e);
    }

    public PatternResponse get(String tenantId, UUID id) {
        return toResponse(find(tenantId, id));
    }

    public PatternPage list(String tenantId, PatternFilter filter, String cursor, int limit) {
        List<PatternEntity> rows = repository.page(tenantId, filter, PageCursor.decode(cursor), limit + 1);
        boolean more = rows.size() > limit;
        List<PatternEntity> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new PageCursor(page.get(limit - 1).createdAt, page.get(limit - 1).id).encode() : null;
        return new PatternPage(page.stream().map(PatternService::toResponse).toList(), next);
    }

    /** The tenant's patterns matching the filter, most confident first; for features that act on patterns. */
    public List<PatternResponse> mostConfident(String tenantId, PatternFilter filter, int limit) {
        return repository.mostConfident(tenantId, filter, limit).stream().map(PatternService::toResponse).toList();
    }

    /**
     * Merges the given fields under the row lock: a PATCH carries no version, so it must not fail with a conflict
     * because an application was recorded between its read and its write.
     */
    public PatternResponse update(String tenantId, UUID id, UpdatePatternRequest r) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PatternEntity e = repository.lockInTenant(tenantId, id)
                    .orElseThrow(() -> ProblemException.notFound("Pattern", id));
            if (r.name() != null) e.name = r.name();
            if (r.patternType() != null) e.patternType = r.patternType();
            if (r.description() != null) e.description = r.description();
            if (r.userId() != null) e.userId = r.userId();
            if (r.agentId() != null) e.agentId = r.agentId();
            if (r.conditions() != null) e.conditions = r.conditions();
            if (r.actions() != null) e.actions = r.actions();
            if (r.patternData() != null) e.patternData = r.patternData();
            if (r.confidence() != null) e.priorConfidence = r.confidence().floatValue();
            if (r.support() != null) e.support = r.support();
            if (r.frequency() != null) e.frequency = r.frequency();
            if (r.active() != null) e.active = r.active();
            applyStatistics(e);
            e.updatedAt = now();
            repository.flush();
            return toResponse(e);
        });
    }

    public void delete(String tenantId, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (repository.delete("id = ?1 and tenantId = ?2", id, tenantId) == 0) {
                throw ProblemException.notFound("Pattern", id);
            }
        });
    }

    /**
     * Records one application's outcome: counters, success rate, confidence ({@link PatternStatisticsPolicy}) and
     * lastApplied change together under the row lock, so concurrent applications lose nothing.
     */
    public PatternResponse recordApplication(String tenantId, UUID id, boolean success) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PatternEntity e = repository.lockInTenant(tenantId, id)
                    .orElseThrow(() -> ProblemException.notFound("Pattern", id));
            e.appliedCount++;
            if (success) {
                e.successCount++;
            }
            applyStatistics(e);
            e.lastApplied = now();
            e.updatedAt = e.lastApplied;
            repository.flush();
            return toResponse(e);
        });
    }

    private void applyStatistics(PatternEntity e) {
        PatternStatisticsPolicy.Statistics s = PatternStatisticsPolicy.of(e.priorConfidence, config.priorStrength(),
                e.appliedCount, e.successCount);
        e.successRate = s.successRate() == null ? null : s.successRate().floatValue();
        e.confidence = (float) s.confidence();
    }

    private PatternEntity find(String tenantId, UUID id) {
        return repository.findInTenant(tenantId, id).orElseThrow(() -> ProblemException.notFound("Pattern", id));
    }

    private static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? new HashMap<>() : map;
    }

    private static PatternResponse toResponse(PatternEntity e) {
        return new PatternResponse(e.id, e.name, e.patternType, e.description, e.userId, e.agentId,
                e.conditions == null ? Map.of() : e.conditions, e.actions == null ? Map.of() : e.actions,
                e.patternData == null ? Map.of() : e.patternData, round(e.priorConfidence), round(e.confidence),
                e.support, e.frequency, e.appliedCount, e.successCount,
                e.successRate == null ? null : round(e.successRate), e.lastApplied, e.active, e.createdAt,
                e.updatedAt, e.version);
    }

    /** float columns printed as the shortest decimal (0.7, not 0.699999988079071). */
    private static double round(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
