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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The inserts of a batch: one INSERT for the batch, with the rows that belong to its records (knowledge versions,
 * access statistics); when any of it fails, record by record under savepoints, so that only the offending records
 * are rejected, each with its own reason. Runs in the caller's transaction.
 */
final class BatchWriter {

    private final Connection c;
    private final String tenantId;
    private final ImportRepository repository;
    private final ImportTally tally;

    BatchWriter(Connection c, String tenantId, ImportRepository repository, ImportTally tally) {
        this.c = c;
        this.tenantId = tenantId;
        this.repository = repository;
        this.tally = tally;
    }

    /** Inserts the records, counts them on the tally and returns the keys of those created. */
    Set<String> insert(Kind kind, List<Pending> items) throws SQLException {
        if (items.isEmpty()) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        Set<String> inserted = insertOrFallBack(kind, items, failed);
        long created = 0;
        for (Pending p : items) {
            if (inserted.contains(p.key())) {
                created++;
            } else if (!failed.contains(p.key())) {
                if (kind == Kind.ASSOCIATION) {
                    tally.reject(kind, p,
                            "duplicate-association: an association with the same source, target and type exists");
                } else {
                    tally.skipped(kind); // written meanwhile by a concurrent import
                }
            }
        }
        tally.created(kind, created);
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
        Set<String> created = repository.insert(c, kind, tenantId, Pending.rows(items));
        if (kind == Kind.KNOWLEDGE) {
            versions(items, created);
        }
        if (!kind.joinedColumns().isEmpty()) {
            joined(kind, items, created);
        }
        return created;
    }

    private void versions(List<Pending> items, Set<String> created) throws SQLException {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (Pending p : items) {
            if (created.contains(p.key()) && p.row().versions() != null) {
                p.row().versions().forEach(v -> rows.add(((ObjectNode) v.deepCopy()).put("entry_id", p.key())));
            }
        }
        repository.insertVersions(c, tenantId, rows);
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
