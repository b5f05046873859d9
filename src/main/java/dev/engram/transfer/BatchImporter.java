package dev.engram.transfer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.embedding.Embedder;
import dev.engram.experience.ExperienceService;
import dev.engram.knowledge.KnowledgeService;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memory.VectorConverter;
import dev.engram.platform.DatabaseFailures;
import dev.engram.platform.ProblemException;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Writes the records of one import in batches of one kind: keys that exist are skipped (this tenant) or rejected as
 * {@code id-conflict} (another tenant, which is neither touched nor named), references are checked within the tenant,
 * unusable vectors are computed again in one model call per batch, and the rest is inserted by one statement. A real
 * import commits every batch (a failure later keeps what was committed; importing the same body again skips it);
 * a dry run keeps everything in one transaction that the caller rolls back, so later batches still see earlier ones.
 */
final class BatchImporter {

    static final int BATCH_SIZE = 200;

    /** A converted record and where it was. */
    record Pending(long line, RowConverter.Row row) {
    }

    private final Connection c;
    private final String tenantId;
    private final String headerModel;
    private final boolean dryRun;
    private final ImportTally tally;
    private final ImportRepository repository;
    private final Embedder embedder;
    private final ExperienceService experiences;
    private final List<Pending> batch = new ArrayList<>();
    private Kind kind;

    BatchImporter(Connection c, String tenantId, String headerModel, boolean dryRun, ImportTally tally,
                  ImportRepository repository, Embedder embedder, ExperienceService experiences) {
        this.c = c;
        this.tenantId = tenantId;
        this.headerModel = headerModel;
        this.dryRun = dryRun;
        this.tally = tally;
        this.repository = repository;
        this.embedder = embedder;
        this.experiences = experiences;
    }

    void add(Kind recordKind, Pending pending) throws SQLException {
        if (kind != recordKind || batch.size() >= BATCH_SIZE) {
            flush();
            kind = recordKind;
        }
        batch.add(pending);
    }

    void flush() throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        List<Pending> fresh = references(newKeys(new ArrayList<>(batch)));
        batch.clear();
        if (!dryRun) {
            c.commit(); // no transaction stays open while the model runs
        }
        Set<String> reembedded = kind.hasEmbedding() ? embed(fresh) : Set.of();
        Set<String> created = insert(kind == Kind.MEMORY ? typesStillThere(fresh) : fresh);
        tally.reembedded(reembedded.stream().filter(created::contains).count());
        if (!dryRun) {
            c.commit();
            if (kind == Kind.EXPERIENCE) {
                Set<String> signatures = new LinkedHashSet<>();
                fresh.stream().filter(p -> created.contains(p.row().key()))
                        .forEach(p -> signatures.add(p.row().columns().path("signature").asText()));
                experiences.rebuildIssuePatterns(tenantId, signatures);
            }
        }
    }

    /**
     * The memories whose type still exists, checked again in the inserting transaction with the type rows locked
     * {@code FOR KEY SHARE}: a concurrent delete of the type has removed it already, or waits and then counts them.
     */
    private List<Pending> typesStillThere(List<Pending> items) throws SQLException {
        Set<String> types = repository.lockTypes(c, tenantId, values(items, "type_code"));
        return keep(items, p -> types.contains(text(p, "type_code")), "unknown-memory-type");
    }

    /** Drops keys that exist already: skipped in this tenant (or earlier in this batch), id-conflict elsewhere. */
    private List<Pending> newKeys(List<Pending> items) throws SQLException {
        Map<String, Boolean> existing = repository.existing(c, kind, tenantId,
                items.stream().map(p -> p.row().key()).distinct().toList());
        Set<String> seen = new HashSet<>();
        List<Pending> fresh = new ArrayList<>();
        for (Pending p : items) {
            Boolean own = existing.get(p.row().key());
            if (Boolean.FALSE.equals(own)) {
                reject(p, "id-conflict: this id cannot be imported (it is in use)");
            } else if (own != null || !seen.add(p.row().key())) {
                tally.skipped(kind);
            } else {
                fresh.add(p);
            }
        }
        return fresh;
    }

    /** Rejects records that name a type, context or memory the tenant does not have. */
    private List<Pending> references(List<Pending> items) throws SQLException {
        if (kind == Kind.MEMORY) {
            Set<String> types = repository.knownTypes(c, tenantId, values(items, "type_code"));
            items = keep(items, p -> types.contains(text(p, "type_code")), "unknown-memory-type");
            Set<String> contexts = repository.inTenant(c, "context", tenantId, values(items, "context_id"));
            items = keep(items, p -> text(p, "context_id") == null || contexts.contains(text(p, "context_id")),
                    "unknown-context");
            Set<String> memories = repository.inTenant(c, "memory", tenantId, values(items, "superseded_by"));
            items.forEach(p -> memories.add(p.row().key())); // survivors come first in the same batch
            items = keep(items, p -> text(p, "superseded_by") == null || memories.contains(text(p, "superseded_by")),
                    "unknown-superseded-by: the memory it was merged into is not in this tenant");
        } else if (kind == Kind.ASSOCIATION) {
            List<String> ends = new ArrayList<>(values(items, "source_id"));
            ends.addAll(values(items, "target_id"));
            Set<String> memories = repository.inTenant(c, "memory", tenantId, ends);
            items = keep(items, p -> memories.contains(text(p, "source_id")) && memories.contains(text(p, "target_id")),
                    "unknown-memory: sourceId or targetId is not a memory of this tenant");
        }
        return items;
    }

    /**
     * Keeps a vector only when it has the server's dimension and the server's model made it (header and record agree);
     * computes the others again from the record's text (a dry run does not). Returns the keys of those records.
     */
    private Set<String> embed(List<Pending> items) {
        String model = embedder.modelName();
        List<Pending> missing = new ArrayList<>();
        for (Pending p : items) {
            float[] v = p.row().embedding();
            boolean usable = v != null && v.length == embedder.dimension() && model.equals(headerModel)
                    && model.equals(text(p, "embedding_model"));
            if (usable) {
                p.row().columns().put("embedding", VectorConverter.toText(v));
            } else {
                missing.add(p);
                p.row().columns().putNull("embedding");
            }
        }
        Set<String> keys = new HashSet<>();
        missing.forEach(p -> keys.add(p.row().key()));
        if (dryRun || missing.isEmpty()) {
            return keys;
        }
        List<float[]> vectors = embedder.embedDocuments(missing.stream().map(this::embeddingText).toList());
        for (int i = 0; i < missing.size(); i++) {
            ObjectNode row = missing.get(i).row().columns();
            row.put("embedding", VectorConverter.toText(vectors.get(i)));
            row.put("embedding_model", model);
        }
        return keys;
    }

    private String embeddingText(Pending p) {
        ObjectNode r = p.row().columns();
        return switch (kind) {
            case MEMORY -> MemoryWriteService.embeddingText(text(p, "title"), text(p, "content"));
            case KNOWLEDGE -> {
                List<String> rules = new ArrayList<>();
                r.path("rules").forEach(n -> rules.add(n.asText()));
                yield KnowledgeService.embeddingText(text(p, "name"), text(p, "description"), rules);
            }
            case EXPERIENCE -> experiences.embeddingText(text(p, "description"), text(p, "prompt"));
            default -> throw new IllegalStateException(kind.name());
        };
    }

    /**
     * One INSERT for the batch, with the rows that belong to its records (knowledge versions, access statistics);
     * when any of it fails, record by record, so that only the offending records are rejected, each with its own.
     */
    private Set<String> insert(List<Pending> items) throws SQLException {
        if (items.isEmpty()) {
            return Set.of();
        }
        Set<String> inserted;
        Set<String> failed = new HashSet<>();
        Savepoint before = c.setSavepoint();
        try {
            inserted = insertWithOwnRows(items);
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            rethrowOutage(e);
            c.rollback(before);
            inserted = new HashSet<>();
            for (Pending p : items) {
                Savepoint one = c.setSavepoint();
                try {
                    inserted.addAll(insertWithOwnRows(List.of(p)));
                    c.releaseSavepoint(one);
                } catch (SQLException rowFailure) {
                    rethrowOutage(rowFailure);
                    c.rollback(one);
                    failed.add(p.row().key());
                    reject(p, reason(rowFailure));
                }
            }
        }
        long created = 0;
        for (Pending p : items) {
            if (inserted.contains(p.row().key())) {
                created++;
            } else if (!failed.contains(p.row().key())) {
                if (kind == Kind.ASSOCIATION) {
                    reject(p, "duplicate-association: an association with the same source, target and type exists");
                } else {
                    tally.skipped(kind); // written meanwhile by a concurrent import
                }
            }
        }
        tally.created(kind, created);
        return inserted;
    }

    private Set<String> insertWithOwnRows(List<Pending> items) throws SQLException {
        Set<String> created = repository.insert(c, kind, tenantId, rows(items));
        if (kind == Kind.KNOWLEDGE) {
            versions(items, created);
        }
        if (!kind.joinedColumns().isEmpty()) {
            joined(items, created);
        }
        return created;
    }

    private void versions(List<Pending> items, Set<String> created) throws SQLException {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (Pending p : items) {
            if (created.contains(p.row().key()) && p.row().versions() != null) {
                p.row().versions().forEach(v -> rows.add(((ObjectNode) v.deepCopy()).put("entry_id", p.row().key())));
            }
        }
        repository.insertVersions(c, tenantId, rows);
    }

    /** Side-table columns (a memory's access statistics) of the records just created. */
    private void joined(List<Pending> items, Set<String> created) throws SQLException {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (Pending p : items) {
            if (created.contains(p.row().key())) {
                ObjectNode row = rows.addObject().put("id", p.row().key());
                kind.joinedColumns().forEach(col -> row.set(col.column(), p.row().columns().get(col.column())));
            }
        }
        repository.insertAccess(c, rows);
    }

    private List<Pending> keep(List<Pending> items, Predicate<Pending> ok, String reason) {
        List<Pending> kept = new ArrayList<>(items.size());
        for (Pending p : items) {
            if (ok.test(p)) {
                kept.add(p);
            } else {
                reject(p, reason);
            }
        }
        return kept;
    }

    private void reject(Pending p, String reason) {
        tally.reject(p.line(), kind.code(), p.row().key(), reason);
    }

    private static ArrayNode rows(List<Pending> items) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        items.forEach(p -> rows.add(p.row().columns()));
        return rows;
    }

    private static List<String> values(List<Pending> items, String column) {
        return items.stream().map(p -> text(p, column)).filter(v -> v != null).distinct().toList();
    }

    private static String text(Pending p, String column) {
        var v = p.row().columns().get(column);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void rethrowOutage(SQLException e) {
        ProblemException outage = DatabaseFailures.translate(e);
        if (outage != null) {
            throw outage;
        }
    }

    /** A reason that names the broken rule, never another tenant's data (existing keys were checked before). */
    private static String reason(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String constraint = e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getConstraint() : null;
        String rule = constraint == null ? "" : " (" + constraint + ")";
        if (state.equals("23505")) {
            return "duplicate" + rule;
        }
        if (state.equals("23503")) {
            return "unknown-reference" + rule;
        }
        if (state.startsWith("23")) {
            return "invalid-value" + rule;
        }
        if (state.startsWith("22")) {
            return "invalid-value: a field has a value of the wrong form or out of range";
        }
        return "invalid-record";
    }
}
