package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.embedding.Embedder;
import dev.engram.experience.ExperienceService;
import dev.engram.platform.DatabaseFailures;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.transfer.api.ImportReport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Imports an export (NDJSON or JSON) into the caller's tenant, reading the body record by record and writing in
 * batches ({@link BatchImporter}): original ids and timestamps are kept, existing ids are skipped, so importing the
 * same body twice changes nothing. Records that cannot be imported are reported with their line; the rest goes on.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);

    private final ImportRepository repository;
    private final Embedder embedder;
    private final ExperienceService experiences;
    private final ObjectMapper json;

    private final ImportLimits limits;

    ImportService(ImportRepository repository, Embedder embedder, ExperienceService experiences, ObjectMapper json,
                  jakarta.validation.Validator validator, dev.engram.memory.MemoryConfig memoryConfig,
                  dev.engram.knowledge.KnowledgeConfig knowledgeConfig, dev.engram.graph.GraphConfig graphConfig) {
        this.limits = new ImportLimits(json, validator, memoryConfig, knowledgeConfig, graphConfig, experiences);
        this.repository = repository;
        this.embedder = embedder;
        this.experiences = experiences;
        this.json = json;
    }

    /** @param jsonDocument true for a JSON document, false for NDJSON */
    public ImportReport importBody(String tenantId, InputStream body, boolean jsonDocument, boolean dryRun) {
        long t0 = System.nanoTime();
        ImportTally tally = new ImportTally();
        try (ImportReader reader = jsonDocument ? new JsonImportReader(json, body) : new NdjsonImportReader(json, body)) {
            JsonNode header = reader.header();
            String headerModel = header.path("embeddingModel").isTextual() ? header.get("embeddingModel").asText() : null;
            try (Connection c = repository.open()) {
                try {
                    BatchImporter batches = new BatchImporter(c, tenantId, headerModel, dryRun, tally, repository,
                            embedder, experiences);
                    read(reader, batches, tally);
                    batches.flush();
                    if (dryRun) {
                        c.rollback();
                    } else {
                        c.commit();
                    }
                } catch (SQLException | RuntimeException e) {
                    c.rollback(); // the batch in progress; batches committed before it stay
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        } catch (IOException e) {
            dev.engram.platform.RequestBodyException unreadable = dev.engram.platform.RequestBodyException.in(e);
            if (unreadable != null) { // the header does not decompress, or inflates beyond the limit
                throw unreadable.problem();
            }
            dev.engram.platform.JsonTextGuard.InvalidTextException invalid = invalidText(e);
            if (invalid != null) { // not UTF-8, or a NUL: the body is not text (found by ApiFuzzTest)
                throw new ProblemException(ProblemType.INVALID_TEXT, invalid.getOriginalMessage(), Map.of());
            }
            throw new IllegalStateException("Import failed: " + e.getMessage(), e);
        }
        ImportReport report = tally.report(dryRun, (System.nanoTime() - t0) / 1_000_000);
        LOG.infof("Import into tenant %s%s: created %s, skipped %s, rejected %d, re-embedded %d in %d ms", tenantId,
                dryRun ? " (dry run)" : "", report.created(), report.skipped(), report.rejectedCount(),
                report.reembedded(), report.tookMillis());
        return report;
    }

    /**
     * A database outage is {@code 503}; a deadlock or serialization failure that a statement outside the inserts lost to
     * a concurrent write is {@code 409 conflict} (the batches committed before stay, and importing the same body again
     * skips them); anything else is a server error.
     */
    private static RuntimeException failure(SQLException e) {
        ProblemException outage = DatabaseFailures.translate(e);
        if (outage != null) {
            return outage;
        }
        if (DatabaseFailures.isLockConflict(e)) {
            return new ProblemException(ProblemType.CONFLICT, "A concurrent write to the same rows interrupted the"
                    + " import; the batches written before it are kept: import the same body again to finish (what exists"
                    + " is skipped)", Map.of());
        }
        return new IllegalStateException("Import failed: " + e.getMessage(), e);
    }

    /** The text guard's failure anywhere in the cause chain or among the suppressed exceptions, else null. */
    private static dev.engram.platform.JsonTextGuard.InvalidTextException invalidText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.engram.platform.JsonTextGuard.InvalidTextException invalid) {
                return invalid;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof dev.engram.platform.JsonTextGuard.InvalidTextException invalid) {
                    return invalid;
                }
            }
        }
        return null;
    }

    private void read(ImportReader reader, BatchImporter batches, ImportTally tally) throws SQLException {
        while (true) {
            ImportReader.Item item;
            try {
                item = reader.next();
            } catch (IOException e) {
                tally.reject(0, null, null, "unreadable-body: " + e.getMessage() + "; the rest was not read");
                return;
            }
            if (item == null) {
                return;
            }
            if (item.error() != null) {
                // a reader's rejection may still name the record (its data as far as a plain reading saw it)
                JsonNode key = item.data() == null || !item.data().isObject() ? null : Kind.fromCode(item.kind())
                        .map(k -> item.data().get(k.keyField())).orElse(null);
                tally.reject(item.line(), item.kind(), key != null && key.isTextual() ? key.asText() : null,
                        item.error());
                continue;
            }
            Optional<Kind> kind = Kind.fromCode(item.kind());
            if (kind.isEmpty()) {
                tally.reject(item.line(), item.kind(), null, "unknown-kind: expected one of memory_type, context, "
                        + "memory, association, knowledge, pattern, experience");
                continue;
            }
            try {
                RowConverter.Row row = RowConverter.convert(kind.get(), item.data());
                limits.check(kind.get(), item.data(), row); // what the API would refuse is not imported either
                batches.add(kind.get(), new Pending(item.line(), row));
            } catch (RowConverter.Invalid e) {
                JsonNode key = item.data() == null ? null : item.data().get(kind.get().keyField());
                tally.reject(item.line(), item.kind(), key != null && key.isTextual() ? key.asText() : null,
                        e.getMessage());
            }
        }
    }

}
