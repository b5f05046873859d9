package dev.engram.transfer;

import dev.engram.embedding.Embedder;
import dev.engram.experience.ExperienceService;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the records of one import in batches of one kind: new keys and references are checked
 * ({@link ImportReferences}), unusable vectors are computed again in one model call per batch
 * ({@link ImportEmbeddings}), and the rest is inserted by one statement ({@link BatchWriter}). A real import commits
 * every batch (a failure later keeps what was committed; importing the same body again skips it); a dry run keeps
 * everything in one transaction that the caller rolls back, so later batches still see earlier ones.
 */
final class BatchImporter {

    static final int BATCH_SIZE = 200;

    private final Connection c;
    private final String tenantId;
    private final boolean dryRun;
    private final ImportTally tally;
    private final ExperienceService experiences;
    private final ImportReferences references;
    private final ImportEmbeddings embeddings;
    private final BatchWriter writer;
    private final List<Pending> batch = new ArrayList<>();
    private Kind kind;

    BatchImporter(Connection c, String tenantId, String headerModel, boolean dryRun, ImportTally tally,
                  ImportRepository repository, Embedder embedder, ExperienceService experiences) {
        this.c = c;
        this.tenantId = tenantId;
        this.dryRun = dryRun;
        this.tally = tally;
        this.experiences = experiences;
        this.references = new ImportReferences(c, tenantId, repository, tally);
        this.embeddings = new ImportEmbeddings(embedder, experiences, headerModel, dryRun);
        this.writer = new BatchWriter(c, tenantId, repository, references, tally);
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
        List<Pending> fresh = references.check(kind, references.newKeys(kind, new ArrayList<>(batch)));
        batch.clear();
        if (!dryRun) {
            c.commit(); // no transaction stays open while the model runs
        }
        Set<String> reembedded = kind.hasEmbedding() ? embeddings.embed(kind, fresh) : Set.of();
        Set<String> created = writer.insert(kind, references.lock(kind, fresh));
        tally.reembedded(reembedded.stream().filter(created::contains).count());
        if (!dryRun) {
            c.commit();
            if (kind == Kind.EXPERIENCE) {
                refreshIssuePatterns(fresh, created);
            }
        }
    }

    private void refreshIssuePatterns(List<Pending> fresh, Set<String> created) {
        Set<String> signatures = new LinkedHashSet<>();
        fresh.stream().filter(p -> created.contains(p.key())).forEach(p -> signatures.add(p.text("signature")));
        experiences.rebuildIssuePatterns(tenantId, signatures);
    }
}
