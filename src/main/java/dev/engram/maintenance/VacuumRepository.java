package dev.engram.maintenance;

import dev.engram.maintenance.api.TableSpace;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * VACUUM (ANALYZE) of Engram's tables and their sizes. VACUUM cannot run inside a transaction block, so it runs on a
 * connection of its own in auto-commit mode (never inside a JTA transaction). The table names are constants of this
 * class, never input.
 */
@ApplicationScoped
class VacuumRepository {

    /**
     * Every table of Engram's schema, largest and most maintained first; only Flyway's own history is left out.
     * OptimizeTest compares this list with the database catalogue, so a new migration's table cannot be forgotten.
     */
    static final List<String> TABLES = List.of("memory", "memory_access", "memory_revision", "association", "keyword_lexeme",
            "keyword_corpus", "memory_archive", "context", "knowledge_entry", "knowledge_version", "learning_pattern",
            "experience", "issue_pattern", "maintenance_run", "idempotency_key", "memory_type", "tenant", "api_key");

    private final AgroalDataSource dataSource;

    VacuumRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** {@code pg_total_relation_size} of each table (heap, indexes, TOAST, free space and visibility maps). */
    List<Long> sizes(List<String> tables) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select pg_total_relation_size(to_regclass(?))")) {
            List<Long> out = new ArrayList<>(tables.size());
            for (String table : tables) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read table sizes: " + e.getMessage(), e);
        }
    }

    /** Vacuums and analyzes the tables one after the other and returns their sizes before and after. */
    List<TableSpace> vacuum(List<String> tables) {
        List<Long> before = sizes(tables);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String table : tables) {
                if (!TABLES.contains(table)) {
                    throw new IllegalArgumentException("not an Engram table: " + table);
                }
                s.execute("vacuum (analyze) " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("VACUUM failed: " + e.getMessage(), e);
        }
        List<Long> after = sizes(tables);
        List<TableSpace> out = new ArrayList<>(tables.size());
        for (int i = 0; i < tables.size(); i++) {
            out.add(new TableSpace(tables.get(i), before.get(i), after.get(i), Math.max(0, before.get(i) - after.get(i))));
        }
        return out;
    }
}
