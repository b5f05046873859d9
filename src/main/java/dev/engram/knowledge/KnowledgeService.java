package dev.engram.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.embedding.Embedder;
import dev.engram.knowledge.api.KnowledgePage;
import dev.engram.knowledge.api.KnowledgeRequest;
import dev.engram.knowledge.api.KnowledgeResponse;
import dev.engram.knowledge.api.KnowledgeVersion;
import dev.engram.knowledge.api.KnowledgeVersionPage;
import dev.engram.platform.PageCursor;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Knowledge base entries: create, read, list, replace and delete. Every write stores a new version (a snapshot in
 * knowledge_version); a replace with {@code expectedVersion} (from If-Match) that is not the current one is a 412.
 * Input is embedded before the transaction opens.
 */
@ApplicationScoped
public class KnowledgeService {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final KnowledgeRepository repository;
    private final KnowledgeVersionRepository versions;
    private final KnowledgeQueryRepository queries;
    private final Embedder embedder;
    private final KnowledgeConfig config;
    private final ObjectMapper json;
    /** Reads versions ({@link dev.engram.platform.Snapshots}). */
    private final ObjectMapper snapshots;
    private final Clock clock;

    KnowledgeService(KnowledgeRepository repository, KnowledgeVersionRepository versions,
                     KnowledgeQueryRepository queries, Embedder embedder, KnowledgeConfig config, ObjectMapper json,
                     Clock clock) {
        this.repository = repository;
        this.versions = versions;
        this.queries = queries;
        this.embedder = embedder;
        this.config = config;
        this.json = json;
        this.snapshots = dev.engram.platform.Snapshots.reader(json);
        this.clock = clock;
    }

    public KnowledgeResponse create(String tenantId, KnowledgeRequest r) {
        checkSize(r);
        float[] vector = embedder.embedDocuments(List.of(embeddingText(r))).get(0);
        KnowledgeEntity e = new KnowledgeEntity();
        e.id = UUID.randomUUID();
        e.tenantId = tenantId;
        e.createdBy = r.createdBy();
        e.createdAt = now();
        e.version = 1;
        apply(e, r, vector, e.createdAt);
        return QuarkusTransaction.requiringNew().call(() -> {
            repository.persist(e);
            versions.persist(version(e));
            return KnowledgeMapper.toResponse(e);
        });
    }

    public KnowledgeResponse get(String tenantId, UUID id) {
        return KnowledgeMapper.toResponse(find(tenantId, id));
    }

    public KnowledgePage list(String tenantId, KnowledgeQueryRepository.Filter filter, String cursor, int limit) {
        List<UUID> ids = queries.page(tenantId, normalised(filter), PageCursor.decode(cursor), limit + 1);
        boolean more = ids.size() > limit;
        List<KnowledgeEntity> page = repository.findInTenantOrdered(tenantId, more ? ids.subList(0, limit) : ids);
        String next = more && !page.isEmpty()
                ? new PageCursor(page.get(page.size() - 1).createdAt, page.get(page.size() - 1).id).encode() : null;
        return new KnowledgePage(page.stream().map(KnowledgeMapper::toResponse).toList(), next);
    }

    /** Replaces the entry as a new version; with {@code expectedVersion} a stale write is a 412. */
    public KnowledgeResponse replace(String tenantId, UUID id, KnowledgeRequest r, Long expectedVersion) {
        checkVersion(find(tenantId, id), expectedVersion); // fail fast, before the model runs
        checkSize(r);
        float[] vector = embedder.embedDocuments(List.of(embeddingText(r))).get(0);
        return QuarkusTransaction.requiringNew().call(() -> {
            KnowledgeEntity e = repository.lockInTenant(tenantId, id)
                    .orElseThrow(() -> ProblemException.notFound("Knowledge entry", id));
            checkVersion(e, expectedVersion);
            e.version++;
            apply(e, r, vector, now());
            versions.persist(version(e));
            return KnowledgeMapper.toResponse(e);
        });
    }

    public void delete(String tenantId, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (repository.deleteInTenant(tenantId, id) == 0) {
                throw ProblemException.notFound("Knowledge entry", id);
            }
        });
    }

    /** The entry's versions, newest first; {@code cursor} is the {@code nextCursor} of the previous page. */
    public KnowledgeVersionPage versions(String tenantId, UUID id, String cursor, int limit) {
        find(tenantId, id);
        Long before = dev.engram.platform.Params.versionCursor(cursor);
        List<KnowledgeVersionEntity> rows = versions.page(tenantId, id, before, limit + 1);
        boolean more = rows.size() > limit;
        List<KnowledgeVersionEntity> page = more ? rows.subList(0, limit) : rows;
        List<KnowledgeVersion> items = new ArrayList<>(page.size());
        for (KnowledgeVersionEntity v : page) {
            items.add(new KnowledgeVersion(v.version, v.createdAt, snapshots.convertValue(v.snapshot, KnowledgeResponse.class)));
        }
        return new KnowledgeVersionPage(id, items, more ? Long.toString(page.get(limit - 1).version) : null);
    }

    private void apply(KnowledgeEntity e, KnowledgeRequest r, float[] vector, Instant now) {
        e.name = r.name().strip();
        e.knowledgeType = r.knowledgeType() == null ? config.defaultType() : r.knowledgeType();
        e.domain = r.domain() == null || r.domain().isBlank() ? null : r.domain().strip();
        e.description = r.description();
        e.content = r.content() == null ? new LinkedHashMap<>() : r.content();
        e.rules = r.rules() == null ? new String[0] : r.rules().toArray(String[]::new);
        e.examples = r.examples() == null ? new ArrayList<>() : r.examples();
        e.categories = KnowledgeTagger.categories(r.categories(), e.knowledgeType, e.domain).toArray(String[]::new);
        e.tags = KnowledgeTagger.tags(r.tags(), r.name(), r.description(), config.derivedTags()).toArray(String[]::new);
        e.accuracy = r.accuracy() == null ? 1.0f : r.accuracy().floatValue();
        e.completeness = r.completeness() == null ? 1.0f : r.completeness().floatValue();
        e.reliability = r.reliability() == null ? 1.0f : r.reliability().floatValue();
        e.active = r.active() == null || r.active();
        e.embedding = vector;
        e.embeddingModel = embedder.modelName();
        e.updatedAt = now;
    }

    private KnowledgeVersionEntity version(KnowledgeEntity e) {
        KnowledgeVersionEntity v = new KnowledgeVersionEntity();
        v.id = UUID.randomUUID();
        v.entryId = e.id;
        v.tenantId = e.tenantId;
        v.version = e.version;
        v.snapshot = json.convertValue(KnowledgeMapper.toSnapshot(e), MAP);
        v.createdAt = e.updatedAt;
        return v;
    }

    private static void checkVersion(KnowledgeEntity e, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != e.version) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "Knowledge entry " + e.id
                    + " changed since version " + expectedVersion + " (now " + e.version + "); fetch it again and retry",
                    Map.of("knowledgeEntryId", e.id.toString(), "currentVersion", e.version));
        }
    }

    /**
     * What {@code engram.knowledge.max-content-bytes} bounds: the UTF-8 bytes of {@code content} plus {@code examples}
     * as JSON (also checked by imports).
     */
    public static int contentBytes(ObjectMapper json, KnowledgeRequest r) throws JsonProcessingException {
        return json.writeValueAsString(r.content() == null ? Map.of() : r.content()).getBytes(StandardCharsets.UTF_8).length
                + json.writeValueAsString(r.examples() == null ? List.of() : r.examples()).getBytes(StandardCharsets.UTF_8).length;
    }

    private void checkSize(KnowledgeRequest r) {
        int bytes;
        try {
            bytes = contentBytes(json, r);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidField("content", "must be JSON");
        }
        if (bytes > config.maxContentBytes()) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "content and examples have " + bytes
                    + " bytes of JSON; the limit is " + config.maxContentBytes() + ". Split the entry.",
                    Map.of("field", "content", "limitBytes", config.maxContentBytes(), "actualBytes", bytes));
        }
    }

    /** Name, description and rules: what the entry is about, in words. */
    static String embeddingText(KnowledgeRequest r) {
        return embeddingText(r.name(), r.description(), r.rules());
    }

    /** The text an entry's vector is computed from (also used by imports that re-embed). */
    public static String embeddingText(String name, String description, List<String> rules) {
        StringBuilder text = new StringBuilder(name.strip());
        if (description != null && !description.isBlank()) {
            text.append("\n\n").append(description.strip());
        }
        if (rules != null && !rules.isEmpty()) {
            text.append("\n\n").append(String.join("\n", rules));
        }
        return text.toString();
    }

    private KnowledgeEntity find(String tenantId, UUID id) {
        return repository.findInTenant(tenantId, id).orElseThrow(() -> ProblemException.notFound("Knowledge entry", id));
    }

    private static KnowledgeQueryRepository.Filter normalised(KnowledgeQueryRepository.Filter f) {
        return new KnowledgeQueryRepository.Filter(f.domain(), f.knowledgeType(),
                f.tags() == null ? null : KnowledgeTagger.normalise(f.tags()), f.active());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
