package dev.engram.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.embedding.Embedder;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports everything of a tenant (memory types, contexts, memories, associations, knowledge entries with their
 * versions, learning patterns, experiences) as NDJSON, one JSON document, or memories as CSV. Rows are streamed from
 * a snapshot to the writer one at a time (see {@link ExportRepository}); nothing is collected.
 */
@ApplicationScoped
public class ExportService {

    static final String FORMAT = "engram-export";
    static final int VERSION = 1;
    private static final Logger LOG = Logger.getLogger(ExportService.class);

    private final ExportRepository repository;
    private final Embedder embedder;
    private final ObjectMapper json;

    ExportService(ExportRepository repository, Embedder embedder, ObjectMapper json) {
        this.repository = repository;
        this.embedder = embedder;
        this.json = json;
    }

    /** Writes the export of {@code tenantId} to {@code out}; called on a worker thread while the response streams. */
    void write(String tenantId, ExportFormat format, boolean embeddings, Instant exportedAt, OutputStream out)
            throws IOException {
        long t0 = System.nanoTime();
        ExportWriter writer = switch (format) {
            case NDJSON -> new NdjsonExportWriter(json, out);
            case JSON -> new JsonExportWriter(json, out);
            case CSV -> new CsvExportWriter(json, out, embeddings);
        };
        Map<String, Long> counts = new LinkedHashMap<>();
        writer.header(header(tenantId, exportedAt, embeddings));
        repository.inSnapshot(c -> {
            for (Kind kind : Kind.values()) {
                if (!writer.accepts(kind)) {
                    continue;
                }
                writer.startKind(kind);
                counts.put(kind.code(), repository.stream(c, tenantId, kind, embeddings, writer::record));
                writer.endKind(kind);
            }
        });
        writer.footer(counts);
        out.flush();
        LOG.infof("Exported tenant %s as %s in %d ms: %s", tenantId, format.extension(),
                (System.nanoTime() - t0) / 1_000_000, counts);
    }

    ObjectNode header(String tenantId, Instant exportedAt, boolean embeddings) {
        ObjectNode header = json.createObjectNode();
        header.put("format", FORMAT);
        header.put("version", VERSION);
        header.put("tenant", tenantId);
        header.put("exportedAt", exportedAt.toString());
        header.put("embeddingModel", embedder.modelName());
        header.put("dimensions", embedder.dimension());
        header.put("embeddings", embeddings);
        return header;
    }
}
