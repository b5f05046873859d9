package dev.engram.transfer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.platform.DatabaseFailures;
import dev.engram.platform.ProblemException;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.engram.transfer.ImportReferences.CONCURRENT_CHANGE;

/**
 * The inserts of a batch, in the caller's transaction: one INSERT for the batch, with the rows that belong to its
 * records (knowledge versions, access statistics); when any of it fails, record by record under savepoints, so that
 * only the offending records are rejected, each with its own reason. Memories merged into a memory of the same batch
 * are written after it, and only when it is then a memory of this tenant (locked until commit): an id another tenant
 * took meanwhile is never pointed at. A key that was free at the check but is taken at the insert was written by a
 * concurrent import: skipped when it is this tenant's, {@code concurrent-change} otherwise.
 */
final class BatchWriter {

    private static final String UNKNOWN_SURVIVOR =
            "unknown-superseded-by: the memory it was merged into is not in this tenant";

    private final Connection c;
    private final String tenantId;
    private final ImportRepository repository;
    private final ImportReferences references;
    private final ImportTally tally;

    BatchWriter(Connection c, String tenantId, ImportRepository repository, ImportReferences references,
                ImportTally tally) {
        this.c = c;
        this.tenantId = tenantId;
        this.repository = repository;
        this.references = references;
        this.tally = tally;
    }

    /** Inserts the records, counts them on the tally and returns the keys of those created. */
    Set<String> insert(Kind kind, List<Pending> items) throws SQLException {
        Set<String> batch = ImportReferences.keys(items);
        Set<String> settled = new HashSet<>(); // keys of the batch written or refused
        Set<String> changed = new HashSet<>(); // keys of the batch refused as concurrent-change
        Set<String> created = new HashSet<>();
        List<Pending> waiting = items;
        while (!waiting.isEmpty()) {
            List<Pending> ready = waiting.stream().filter(p -> !batch.contains(target(kind, p))
                    || settled.contains(target(kind, p))).toList();
            if (ready.isEmpty()) { // a cycle of superseded pointers: no survivor to write first
                waiting.forEach(p -> tally.reject(kind, p, UNKNOWN_SURVIVOR));
                break;
            }
            Set<String> readyKeys = ImportReferences.keys(ready);
            waiting = waiting.stream().filter(p -> !readyKeys.contains(p.key())).toList();
            created.addAll(write(kind, withOwnSurvivors(kind, ready, batch, changed), changed));
            ready.forEach(p -> settled.add(p.key()));
        }
        tally.created(kind, created.size());
        return created;
    }

    /** The memory a record was merged into, when it is a memory; else null. */
    private static String target(Kind kind, Pending p) {
        return kind == Kind.MEMORY ? p.text("superseded_by") : null;
    }

    /** Drops memories merged into a memory of the batch that is not (now) a memory of this tenant; locks the others. */
    private List<Pending> withOwnSurvivors(Kind kind, List<Pending> ready, Set<String> batch, Set<String> changed)
            throws SQLException {
        List<String> survivors = ready.stream().map(p -> target(kind, p)).filter(batch::contains).toList();
        if (survivors.isEmpty()) {
            return ready;
        }
        Set<String> own = references.lockMemories(survivors);
        List<Pending> kept = new ArrayList<>(ready.size());
        for (Pending p : ready) {
            String survivor = target(kind, p);
            if (!batch.contains(survivor) || own.contains(survivor)) {
                kept.add(p);
            } else if (changed.contains(survivor)) {
                changed.add(p.key());
                tally.reject(kind, p, CONCURRENT_CHANGE + ": the memory it was merged into was taken during the import");
            } else {
                tally.reject(kind, p, UNKNOWN_SURVIVOR);
            }
        }
        return kept;
    }

    /** Inserts, then accounts for every record that was neither inserted nor rejected by the insert. */
    private Set<String> write(Kind kind, List<Pending> items, Set<String> changed) throws SQLException {
        if (items.isEmpty()) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        Set<String> inserted = insertOrFallBack(kind, items, failed);
        List<Pending> missed = items.stream().filter(p -> !inserted.contains(p.key()) && !failed.contains(p.key()))
                .toList();
        Map<String, Boolean> owner = missed.isEmpty() ? Map.of()
                : repository.existing(c, kind, tenantId, missed.stream().map(Pending::key).toList());
        for (Pending p : missed) {
            Boolean own = owner.get(p.key());
            if (Boolean.TRUE.equals(own)) {
                tally.skipped(kind); // imported meanwhile into this tenant by a concurrent import
            } else if (own == null && kind == Kind.ASSOCIATION) {
                tally.reject(kind, p,
                        "duplicate-association: an association with the same source, target and type exists");
            } else {
                changed.add(p.key());
                tally.reject(kind, p, CONCURRENT_CHANGE + ": this id was taken during the import");
            }
        }
        return inserted;
    }

    /** The whole batch under a savepoint; when it fails, each record under its own ({@code failed}: the rejected). */
    private Set<String> insertOrFallBack(Kind kind, List<Pending> items, Set<String> failed) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            Set<String> inserted = insertWithOwnRows(kind, items);
            c.releaseSavepoint(before);
            return inserted;
        } catch (SQLException e) {
            rethrowOutage(e);
            c.rollback(before);
        }
        Set<String> inserted = new HashSet<>();
        for (Pending p : items) {
            Savepoint one = c.setSavepoint();
            try {
                inserted.addAll(insertWithOwnRows(kind, List.of(p)));
                c.releaseSavepoint(one);
            } catch (SQLException rowFailure) {
                rethrowOutage(rowFailure);
                c.rollback(one);
                failed.add(p.key());
                tally.reject(kind, p, reason(rowFailure));
            }
        }
        return inserted;
    }

    private Set<String> insertWithOwnRows(Kind kind, List<Pending> items) throws SQLException {
        // in key order: concurrent imports of overlapping records wait for each other's rows in one order, not in a cycle
        List<Pending> ordered = items.stream().sorted(Comparator.comparing(Pending::key)).toList();
        Set<String> created = repository.insert(c, kind, tenantId, Pending.rows(ordered));
        if (kind.history() != null) {
            history(kind.history(), items, created);
        }
        if (!kind.joinedColumns().isEmpty()) {
            joined(kind, items, created);
        }
        return created;
    }

    /** The earlier versions (knowledge versions, memory revisions) of the records just created. */
    private void history(History h, List<Pending> items, Set<String> created) throws SQLException {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (Pending p : items) {
            if (created.contains(p.key()) && p.row().history() != null) {
                p.row().history().forEach(v -> rows.add(((ObjectNode) v.deepCopy()).put("owner_id", p.key())));
            }
        }
        repository.insertHistory(c, tenantId, h, rows);
    }

    /** Side-table columns (a memory's access statistics) of the records just created. */
    private void joined(Kind kind, List<Pending> items, Set<String> created) throws SQLException {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (Pending p : items) {
            if (created.contains(p.key())) {
                ObjectNode row = rows.addObject().put("id", p.key());
                kind.joinedColumns().forEach(col -> row.set(col.column(), p.row().columns().get(col.column())));
            }
        }
        repository.insertAccess(c, rows);
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
        if (state.equals("40P01") || state.equals("40001")) {
            return CONCURRENT_CHANGE + ": a concurrent write to the same rows interrupted it";
        }
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
