package dev.engram.transfer;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export format lists every column of every exported table (except the tenant and generated columns): a
 * migration that adds a column fails here until the column is exported and imported too, so a restore stays faithful.
 */
@QuarkusTest
class TransferColumnsTest {

    @Inject
    AgroalDataSource db;

    @Test
    void everyColumnOfEveryExportedTableShouldBeCarried() throws Exception {
        for (Kind kind : Kind.values()) {
            List<String> columns = columns(kind.table());
            columns.removeAll(Set.of("tenant_id"));
            assertThat(kind.storedColumns().stream().map(Column::column).toList()).as(kind.table())
                    .containsExactlyInAnyOrderElementsOf(columns);
        }
        List<String> access = columns("memory_access");
        access.remove("memory_id");
        assertThat(Kind.MEMORY.joinedColumns().stream().map(Column::column).toList()).as("memory_access")
                .containsExactlyInAnyOrderElementsOf(access);
    }

    private List<String> columns(String table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select column_name"
                + " from information_schema.columns where table_schema = current_schema() and table_name = ?"
                + " and is_generated = 'NEVER' order by ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }
}
