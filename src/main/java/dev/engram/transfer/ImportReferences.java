package dev.engram.transfer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks of a batch before anything is embedded or written: which keys exist already (skipped in this tenant,
 * {@code id-conflict} in another, which is neither touched nor named) and whether the types, contexts and memories a
 * record names are the tenant's. The reference checks are made again in the insert transaction ({@link #lock}), each
 * referenced row locked until it commits: what a concurrent request deleted in between is {@code concurrent-change}.
 * Records that fail are rejected on the tally; the rest is returned.
 */
final class ImportReferences {

    /** The reason of a record that something done concurrently with the import kept from being written. */
    static final String CONCURRENT_CHANGE = "concurrent-change";

    private final Connection c;
    private final String tenantId;
    private final ImportRepository repository;
    private final ImportTally tally;

    ImportReferences(Connection c, String tenantId, ImportRepository repository, ImportTally tally) {
        this.c = c;
        this.tenantId = tenantId;
        this.repository = repository;
        this.tally = tally;
    }

    /** Drops keys that exist already: skipped in this tenant (or earlier in this batch), id-conflict elsewhere. */
    List<Pending> newKeys(Kind kind, List<Pending> items) throws SQLException {
        Map<String, Boolean> existing = repository.existing(c, kind, tenantId,
                items.stream().map(Pending::key).distinct().toList());
        Set<String> seen = new HashSet<>();
        List<Pending> fresh = new ArrayList<>();
        for (Pending p : items) {
            Boolean own = existing.get(p.key());
            if (Boolean.FALSE.equals(own)) {
                tally.reject(kind, p, "id-conflict: this id cannot be imported (it is in use)");
            } else if (own != null || !seen.add(p.key())) {
                tally.skipped(kind);
            } else {
                fresh.add(p);
            }
        }
        return fresh;
    }

    /** Rejects records that name a type, context or memory the tenant does not have. */
    List<Pending> check(Kind kind, List<Pending> items) throws SQLException {
        if (kind == Kind.MEMORY) {
            return memoryReferences(items);
        }
        if (kind == Kind.ASSOCIATION) {
            List<String> ends = new ArrayList<>(Pending.values(items, "source_id"));
            ends.addAll(Pending.values(items, "target_id"));
            Set<String> memories = repository.inTenant(c, "memory", tenantId, ends);
            return keep(kind, items, p -> memories.contains(p.text("source_id"))
                    && memories.contains(p.text("target_id")),
                    "unknown-memory: sourceId or targetId is not a memory of this tenant");
        }
        return items;
    }

    private List<Pending> memoryReferences(List<Pending> items) throws SQLException {
        Set<String> types = repository.knownTypes(c, tenantId, Pending.values(items, "type_code"));
        items = keep(Kind.MEMORY, items, p -> types.contains(p.text("type_code")), "unknown-memory-type");
        Set<String> contexts = repository.inTenant(c, "context", tenantId, Pending.values(items, "context_id"));
        items = keep(Kind.MEMORY, items, p -> p.text("context_id") == null || contexts.contains(p.text("context_id")),
                "unknown-context");
        Set<String> memories = repository.inTenant(c, "memory", tenantId, Pending.values(items, "superseded_by"));
        items.forEach(p -> memories.add(p.key())); // survivors in the same batch: BatchWriter writes them first
        return keep(Kind.MEMORY, items, p -> p.text("superseded_by") == null
                || memories.contains(p.text("superseded_by")),
                "unknown-superseded-by: the memory it was merged into is not in this tenant");
    }

    /**
     * The reference checks again, in the insert transaction: every type, context and memory a record names (outside
     * the batch) is locked {@code FOR KEY SHARE} until that transaction ends, so that a concurrent delete waits for
     * the insert (and then finds the memories that use it); one deleted since {@link #check} rejects the record.
     */
    List<Pending> lock(Kind kind, List<Pending> items) throws SQLException {
        if (kind == Kind.MEMORY) {
            Set<String> types = repository.lockTypes(c, tenantId, Pending.values(items, "type_code"));
            items = keep(kind, items, p -> types.contains(p.text("type_code")), CONCURRENT_CHANGE
                    + ": its memory type was deleted during the import");
            Set<String> contexts = repository.lockInTenant(c, "context", tenantId, Pending.values(items, "context_id"));
            items = keep(kind, items, p -> p.text("context_id") == null || contexts.contains(p.text("context_id")),
                    CONCURRENT_CHANGE + ": its context was deleted during the import");
            Set<String> batch = keys(items);
            List<String> outside = Pending.values(items, "superseded_by").stream().filter(id -> !batch.contains(id))
                    .toList();
            Set<String> memories = lockMemories(outside);
            return keep(kind, items, p -> p.text("superseded_by") == null || batch.contains(p.text("superseded_by"))
                    || memories.contains(p.text("superseded_by")),
                    CONCURRENT_CHANGE + ": the memory it was merged into was deleted during the import");
        }
        if (kind == Kind.ASSOCIATION) {
            List<String> ends = new ArrayList<>(Pending.values(items, "source_id"));
            ends.addAll(Pending.values(items, "target_id"));
            Set<String> memories = lockMemories(ends);
            return keep(kind, items, p -> memories.contains(p.text("source_id"))
                    && memories.contains(p.text("target_id")),
                    CONCURRENT_CHANGE + ": sourceId or targetId was deleted during the import");
        }
        return items;
    }

    /** Which of {@code ids} are memories of the tenant, locked {@code FOR KEY SHARE} until the transaction ends. */
    Set<String> lockMemories(List<String> ids) throws SQLException {
        return repository.lockInTenant(c, "memory", tenantId, ids.stream().distinct().toList());
    }

    static Set<String> keys(List<Pending> items) {
        Set<String> keys = new HashSet<>();
        items.forEach(p -> keys.add(p.key()));
        return keys;
    }

    private List<Pending> keep(Kind kind, List<Pending> items, Predicate<Pending> ok, String reason) {
        List<Pending> kept = new ArrayList<>(items.size());
        for (Pending p : items) {
            if (ok.test(p)) {
                kept.add(p);
            } else {
                tally.reject(kind, p, reason);
            }
        }
        return kept;
    }
}
