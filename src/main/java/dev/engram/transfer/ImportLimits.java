package dev.engram.transfer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.engram.memory.MemoryConfig;
import dev.engram.memory.api.CreateMemoryRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * The API's limits on what an imported record may hold, so that an import stores nothing the API would refuse: a
 * memory is read as the API's create request (its Bean Validation constraints: content not blank, title at most 500
 * characters, ids at most 200, …), its content is at most {@code engram.memory.max-content-bytes} and holds a
 * character the embedding model reads. {@link RowConverter} has checked the column types before.
 */
final class ImportLimits {

    private final Validator validator;
    private final MemoryConfig memory;
    private final ObjectReader memoryRequest;

    ImportLimits(ObjectMapper json, Validator validator, MemoryConfig memory) {
        this.validator = validator;
        this.memory = memory;
        // an exported memory carries more fields than a create request (id, createdAt, …): they are not limits
        this.memoryRequest = json.readerFor(CreateMemoryRequest.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    void check(Kind kind, JsonNode data) throws RowConverter.Invalid {
        if (kind != Kind.MEMORY) {
            return;
        }
        CreateMemoryRequest request;
        try {
            request = memoryRequest.readValue(memoryRequest.treeAsTokens(data));
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "data" : e.getPath().get(0).getFieldName();
            throw new RowConverter.Invalid("validation-failed: " + field + " has an invalid value");
        } catch (IOException e) {
            throw new RowConverter.Invalid("validation-failed: data has an invalid value");
        }
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new RowConverter.Invalid("validation-failed: " + violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(ImportLimits::describe).collect(Collectors.joining("; ")));
        }
        int bytes = request.content().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > memory.maxContentBytes()) {
            throw new RowConverter.Invalid("content-too-large: content has " + bytes + " bytes; the limit is "
                    + memory.maxContentBytes() + " (UTF-8)");
        }
        if (!dev.engram.embedding.Embedder.isReadable(request.content())) {
            throw new RowConverter.Invalid("invalid-text: content has no characters the embedding model reads: it holds"
                    + " only whitespace, control, formatting or combining characters");
        }
    }

    private static String describe(ConstraintViolation<?> v) {
        return v.getPropertyPath() + " " + v.getMessage();
    }
}
