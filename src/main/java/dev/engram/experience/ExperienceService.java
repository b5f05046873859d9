package dev.engram.experience;

import dev.engram.embedding.Embedder;
import dev.engram.experience.api.ExperienceFilter;
import dev.engram.experience.api.ExperiencePage;
import dev.engram.experience.api.ExperienceResponse;
import dev.engram.experience.api.IssuePatternResponse;
import dev.engram.experience.api.RecordExperienceRequest;
import dev.engram.memory.VectorConverter;
import dev.engram.platform.PageCursor;
import dev.engram.platform.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * Records experiences (attempts at resolving an issue) and reads them back. A write computes the issue signature,
 * embeds the description outside the transaction, then stores the experience and updates its issue pattern in one
 * transaction.
 */
@ApplicationScoped
public class ExperienceService {

    private static final Logger LOG = Logger.getLogger(ExperienceService.class);

    private final ExperienceRepository repository;
    private final ExperienceAnalyticsRepository analytics;
    private final Embedder embedder;
    private final ExperienceConfig config;
    private final IssueSignaturePolicy signatures;
    private final Clock clock;

    ExperienceService(ExperienceRepository repository, ExperienceAnalyticsRepository analytics, Embedder embedder,
                      ExperienceConfig config, Clock clock) {
        this.repository = repository;
        this.analytics = analytics;
        this.embedder = embedder;
        this.config = config;
        this.signatures = new IssueSignaturePolicy(config.signatureParts(), config.promptPrefixChars(),
                config.responseBucketSize());
        this.clock = clock;
    }

    public ExperienceResponse record(String tenantId, RecordExperienceRequest r) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String issueType = IssueSignaturePolicy.normaliseIssueType(r.issueType());
        int responseLength = r.response() == null ? 0 : r.response().codePointCount(0, r.response().length());
        ExperienceResponse e = new ExperienceResponse(UUID.randomUUID(), r.subject().strip(),
                IssueSignaturePolicy.subjectFamily(r.subject()), issueType, r.description(), r.prompt(), r.response(),
                responseLength, r.actor(), r.analysis(), r.actions() == null ? List.of() : List.copyOf(r.actions()),
                r.success(), Boolean.TRUE.equals(r.verified()), r.durationSeconds(),
                r.environment() == null ? new HashMap<>() : r.environment(), r.notes(),
                signatures.signature(issueType, r.subject(), r.prompt(), responseLength),
                r.occurredAt() == null ? now : r.occurredAt().truncatedTo(ChronoUnit.MICROS), now,
                embedder.modelName());
        String vector = VectorConverter.toText(embedder.embedDocuments(List.of(embeddingText(e.description(), e.prompt())))
                .get(0));
        QuarkusTransaction.requiringNew().run(() -> {
            try {
                repository.insert(tenantId, e, vector);
                int attempts = repository.countAttempt(tenantId, e);
                repository.refreshPattern(tenantId, e.signature(),
                        IssuePatternPolicy.confidence(attempts, config.patternConfidenceAttempts()));
            } catch (java.sql.SQLException ex) {
                throw new IllegalStateException("storing experience failed: " + ex.getMessage(), ex);
            }
        });
        LOG.debugf("Recorded experience %s (signature %s, success %s)", e.id(), e.signature(), e.success());
        return e;
    }

    /**
     * Recomputes the issue patterns of {@code signatures} from the stored experiences, in one statement for all of
     * them (after an import, which writes experiences without going through {@link #record}, and after an erasure,
     * which deletes some): attempts, successes, failures, first and last seen, confidence and best actions, exactly
     * as recording the remaining experiences one by one would have left them; a pattern without experiences left is
     * deleted. Joins the caller's transaction, or runs in its own.
     */
    public void rebuildIssuePatterns(String tenantId, java.util.Collection<String> signatures) {
        if (signatures.isEmpty()) {
            return;
        }
        QuarkusTransaction.joiningExisting().run(() -> {
            try {
                repository.rebuildPatterns(tenantId, signatures, config.patternConfidenceAttempts());
            } catch (java.sql.SQLException ex) {
                throw new IllegalStateException("rebuilding issue patterns failed: " + ex.getMessage(), ex);
            }
        });
    }

    public ExperienceResponse get(String tenantId, UUID id) {
        return repository.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("Experience", id));
    }

    public ExperiencePage list(String tenantId, ExperienceFilter filter, String cursor, int limit) {
        ExperienceFilter normalised = filter.issueType() == null ? filter : new ExperienceFilter(filter.subject(),
                IssueSignaturePolicy.normaliseIssueType(filter.issueType()), filter.actor(), filter.success(),
                filter.verified(), filter.signature(), filter.since(), filter.until());
        List<ExperienceResponse> rows = repository.page(tenantId, normalised, PageCursor.decode(cursor), limit + 1);
        boolean more = rows.size() > limit;
        List<ExperienceResponse> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new PageCursor(page.get(limit - 1).createdAt(), page.get(limit - 1).id()).encode() : null;
        return new ExperiencePage(page, next);
    }

    /** Issue patterns with at least {@code minAttempts} attempts, most attempted first. */
    public List<IssuePatternResponse> issuePatterns(String tenantId, String issueType, String subjectFamily,
                                                    int minAttempts, int limit) {
        return analytics.patterns(tenantId, issueType == null ? null : IssueSignaturePolicy.normaliseIssueType(issueType),
                subjectFamily == null ? null : subjectFamily.strip().toLowerCase(java.util.Locale.ROOT), minAttempts,
                limit);
    }

    /** The signature the configured policy gives an issue (also used by similarity queries). */
    String signature(String issueType, String subject, String prompt, String response) {
        int length = response == null ? 0 : response.codePointCount(0, response.length());
        return signatures.signature(issueType, subject, prompt, length);
    }

    /** Description plus the start of the prompt: what semantic matching compares (also used by imports). */
    public String embeddingText(String description, String prompt) {
        String text = description == null ? "" : description.strip();
        if (prompt != null && !prompt.isBlank()) {
            String p = prompt.strip();
            int end = p.offsetByCodePoints(0, Math.min(config.embeddedPromptChars(), p.codePointCount(0, p.length())));
            text = text.isEmpty() ? p.substring(0, end) : text + "\n\n" + p.substring(0, end);
        }
        return text;
    }
}
