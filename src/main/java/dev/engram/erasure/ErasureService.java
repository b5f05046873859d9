package dev.engram.erasure;

import dev.engram.embedding.QueryEmbeddingCache;
import dev.engram.event.EventPublisher;
import dev.engram.experience.ExperienceService;
import dev.engram.maintenance.MaintenanceRunService;
import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.session.SessionService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import dev.engram.search.KeywordStatistics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Erases every record of one user or agent of a tenant (a GDPR erasure request). Redis first (sessions, so that no
 * promotion can bring them back; buffered events; the tenant's query-embedding cache), then every PostgreSQL table in
 * one transaction together with the audit run, which holds counts and a hash of the subject, never its data. Each
 * step is idempotent: after a failure (503) the same request can simply be sent again.
 */
@ApplicationScoped
public class ErasureService {

    private static final Logger LOG = Logger.getLogger(ErasureService.class);

    private final ErasureRepository repository;
    private final SessionService sessions;
    private final EventPublisher events;
    private final QueryEmbeddingCache queryEmbeddings;
    private final MaintenanceRunService runs;
    private final Clock clock;
    private final KeywordStatistics keywordStatistics;
    private final ExperienceService experiences;

    ErasureService(ErasureRepository repository, SessionService sessions, EventPublisher events,
                   QueryEmbeddingCache queryEmbeddings, MaintenanceRunService runs, Clock clock,
                   KeywordStatistics keywordStatistics, ExperienceService experiences) {
        this.keywordStatistics = keywordStatistics;
        this.experiences = experiences;
        this.repository = repository;
        this.sessions = sessions;
        this.events = events;
        this.queryEmbeddings = queryEmbeddings;
        this.runs = runs;
        this.clock = clock;
    }

    public MaintenanceRunResponse eraseUser(String tenantId, String userId) {
        return erase(tenantId, ErasureRepository.Subject.USER, userId);
    }

    public MaintenanceRunResponse eraseAgent(String tenantId, String agentId) {
        return erase(tenantId, ErasureRepository.Subject.AGENT, agentId);
    }

    private MaintenanceRunResponse erase(String tenantId, ErasureRepository.Subject subject, String id) {
        Instant started = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long t0 = System.nanoTime();
        boolean agent = subject == ErasureRepository.Subject.AGENT;
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("sessions", (long) sessions.eraseOwner(tenantId, agent, id));
        counts.put("events", events.eraseOwner(tenantId, agent, id));
        counts.put("queryEmbeddings", queryEmbeddings.clear(tenantId));
        MaintenanceRunResponse erased = QuarkusTransaction.requiringNew().call(() -> {
            ErasureRepository.Erased erasedRows = repository.erase(tenantId, subject, id, started);
            counts.putAll(erasedRows.counts());
            experiences.rebuildIssuePatterns(tenantId, erasedRows.experienceSignatures());
            long changed = counts.get("restoredMemories") + counts.get("survivorsCleaned");
            long deleted = counts.values().stream().mapToLong(Long::longValue).sum() - counts.get("queryEmbeddings")
                    - changed;
            Map<String, Object> parameters = Map.of("subject", subject.json(),
                    "subjectSha256", sha256(tenantId + ":" + subject.json() + ":" + id));
            MaintenanceRunResponse run = new MaintenanceRunResponse(UUID.randomUUID(), "erasure",
                    "Erased every record of one " + subject.json() + " (" + deleted + " records)", parameters, counts,
                    counts.getOrDefault("memories", 0L), deleted, 0, changed, 0,
                    started, clock.instant().truncatedTo(ChronoUnit.MICROS),
                    Duration.ofNanos(System.nanoTime() - t0).toMillis(), "api", true, null, null);
            runs.record(tenantId, run);
            LOG.infof("Erasure run %s of tenant %s: %s", run.id(), tenantId, counts);
            return run;
        });
        // The keyword statistics count the words of the erased memories: recompute them now, not in ten minutes.
        keywordStatistics.refresh(tenantId);
        return erased;
    }

    /** Lets an operator confirm that a given subject was erased without the audit keeping the identifier itself. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
