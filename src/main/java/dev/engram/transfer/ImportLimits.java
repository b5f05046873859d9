package dev.engram.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.context.api.CreateContextRequest;
import dev.engram.embedding.Embedder;
import dev.engram.experience.ExperienceService;
import dev.engram.experience.api.RecordExperienceRequest;
import dev.engram.graph.GraphConfig;
import dev.engram.graph.api.CreateAssociationRequest;
import dev.engram.knowledge.KnowledgeConfig;
import dev.engram.knowledge.KnowledgeService;
import dev.engram.knowledge.api.KnowledgeRequest;
import dev.engram.knowledge.api.KnowledgeResponse;
import dev.engram.learning.api.CreatePatternRequest;
import dev.engram.memory.MemoryConfig;
import dev.engram.memory.api.CreateMemoryRequest;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.memorytype.api.CreateMemoryTypeRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The API's limits on what an imported record may hold, so that an import stores nothing the API would refuse. Each
 * record is read as the request that creates its kind through the API (memory, context, memory type, association,
 * knowledge entry, pattern, experience) and checked with that request's Bean Validation constraints (names not blank,
 * titles at most 500 characters, ids at most 200, fractions in [0, 1], tags and lists bounded, …); then the checks the
 * services make beyond them: the size limits of memory content and of knowledge content and examples, a text to embed
 * holding a character the embedding model reads (else the one model call of a batch would fail the whole import), and
 * an association's type among {@code engram.graph.association-types}. {@link RowConverter} has checked the column
 * types before; fields of the export that no request carries (ids, timestamps, counters) are not limits here.
 */
final class ImportLimits {

    private static final Map<Kind, Class<?>> REQUESTS = new EnumMap<>(Map.of(
            Kind.MEMORY_TYPE, CreateMemoryTypeRequest.class,
            Kind.CONTEXT, CreateContextRequest.class,
            Kind.MEMORY, CreateMemoryRequest.class,
            Kind.ASSOCIATION, CreateAssociationRequest.class,
            Kind.KNOWLEDGE, KnowledgeRequest.class,
            Kind.PATTERN, CreatePatternRequest.class,
            Kind.EXPERIENCE, RecordExperienceRequest.class));
    /** The response type a kind's earlier versions are read as ({@code GET …/versions}, {@code GET …/revisions}). */
    private static final Map<Kind, Class<?>> SNAPSHOTS = Map.of(Kind.KNOWLEDGE, KnowledgeResponse.class,
            Kind.MEMORY, MemoryResponse.class);

    private final ObjectMapper json;
    private final Validator validator;
    private final MemoryConfig memory;
    private final KnowledgeConfig knowledge;
    private final GraphConfig graph;
    private final ExperienceService experiences;
    private final Map<Kind, ObjectReader> readers = new EnumMap<>(Kind.class);
    /** Reads earlier versions as the services do ({@link dev.engram.platform.Snapshots}). */
    private final ObjectMapper snapshots;

    ImportLimits(ObjectMapper json, Validator validator, MemoryConfig memory, KnowledgeConfig knowledge,
                 GraphConfig graph, ExperienceService experiences) {
        this.json = json;
        this.validator = validator;
        this.memory = memory;
        this.knowledge = knowledge;
        this.graph = graph;
        this.experiences = experiences;
        // an exported record carries more fields than its create request (id, createdAt, …): they are not limits
        REQUESTS.forEach((kind, type) -> readers.put(kind, json.readerFor(type)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)));
        this.snapshots = dev.engram.platform.Snapshots.reader(json);
    }

    /** Checks the record ({@code data}, converted to {@code row}); normalises the snapshots of its earlier versions. */
    void check(Kind kind, JsonNode data, RowConverter.Row row) throws RowConverter.Invalid {
        normaliseHistory(kind, row);
        Object request = read(kind, data);
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new RowConverter.Invalid("validation-failed: " + violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(ImportLimits::describe).collect(Collectors.joining("; ")));
        }
        if (request instanceof CreateMemoryRequest r) {
            int bytes = r.content().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > memory.maxContentBytes()) {
                throw new RowConverter.Invalid("content-too-large: content has " + bytes + " bytes; the limit is "
                        + memory.maxContentBytes() + " (UTF-8)");
            }
            requireReadable("content", r.content());
        } else if (request instanceof KnowledgeRequest r) {
            int bytes = contentBytes(r);
            if (bytes > knowledge.maxContentBytes()) {
                throw new RowConverter.Invalid("content-too-large: content and examples have " + bytes
                        + " bytes of JSON; the limit is " + knowledge.maxContentBytes());
            }
            requireReadable("name, description and rules",
                    KnowledgeService.embeddingText(r.name(), r.description(), r.rules()));
        } else if (request instanceof RecordExperienceRequest r) {
            requireReadable("description and prompt", experiences.embeddingText(r.description(), r.prompt()));
        } else if (request instanceof CreateAssociationRequest r && !graph.associationTypes().contains(r.type())) {
            throw new RowConverter.Invalid("validation-failed: type must be one of: "
                    + String.join(", ", graph.associationTypes()) + " (engram.graph.association-types)");
        }
    }

    /**
     * Each earlier version must read as what its GET answers: a snapshot that does not (a text where a number belongs,
     * a time that is not one) would be stored, and every later read of the history would fail. What is stored is the
     * snapshot as the service itself writes one: read as the response, written again. Checking the given JSON alone
     * is not enough, because jsonb changes it on the way: {@code -1e308} comes back as an integer of 309 digits, which
     * no timestamp reads (found by a fuzz audit of the import).
     */
    private void normaliseHistory(Kind kind, RowConverter.Row row) throws RowConverter.Invalid {
        History h = kind.history();
        if (h == null || row.history() == null) {
            return;
        }
        for (int i = 0; i < row.history().size(); i++) {
            ObjectNode version = (ObjectNode) row.history().get(i);
            try {
                Object response = snapshots.convertValue(version.get("snapshot"), SNAPSHOTS.get(kind));
                version.set("snapshot", snapshots.valueToTree(response));
            } catch (IllegalArgumentException e) {
                String field = e.getCause() instanceof JsonMappingException m && !m.getPath().isEmpty()
                        && m.getPath().get(0).getFieldName() != null ? "." + m.getPath().get(0).getFieldName() : "";
                throw new RowConverter.Invalid("validation-failed: " + h.field() + "[" + i + "]." + h.snapshotField()
                        + field + " has an invalid value");
            }
        }
    }

    private Object read(Kind kind, JsonNode data) throws RowConverter.Invalid {
        ObjectReader reader = readers.get(kind);
        try {
            return reader.readValue(reader.treeAsTokens(data));
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "data" : e.getPath().get(0).getFieldName();
            throw new RowConverter.Invalid("validation-failed: " + field + " has an invalid value");
        } catch (IOException e) {
            throw new RowConverter.Invalid("validation-failed: data has an invalid value");
        }
    }

    private int contentBytes(KnowledgeRequest r) throws RowConverter.Invalid {
        try {
            return KnowledgeService.contentBytes(json, r);
        } catch (JsonProcessingException e) {
            throw new RowConverter.Invalid("validation-failed: content has an invalid value");
        }
    }

    private static void requireReadable(String fields, String text) throws RowConverter.Invalid {
        if (!Embedder.isReadable(text)) {
            throw new RowConverter.Invalid("invalid-text: " + fields + (fields.contains(" ") ? " have" : " has")
                    + " no characters the embedding model reads: only whitespace, control, formatting or combining"
                    + " characters");
        }
    }

    private static String describe(ConstraintViolation<?> v) {
        return v.getPropertyPath() + " " + v.getMessage();
    }
}
