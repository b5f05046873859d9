package dev.engram.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.engram.memorytype.api.RetentionPeriod;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a tenant's records for an export through server-side cursors: one read-only REPEATABLE READ transaction on a
 * connection of its own (so every kind comes from the same snapshot, and no write of the tenant lands half-way), each
 * query fetched {@value #FETCH_SIZE} rows at a time, each row handed to the writer and dropped. Memory use does not
 * grow with the tenant.
 */
@ApplicationScoped
class ExportRepository {

    static final int FETCH_SIZE = 500;

    /** Receives the rows of one kind, one at a time. */
    interface RowSink {
        void row(Kind kind, ObjectNode data) throws IOException;
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    ExportRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Runs {@code work} inside one read-only snapshot transaction. */
    void inSnapshot(SnapshotWork work) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                work.run(c);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IOException("Export failed: " + e.getMessage(), e);
        }
    }

    interface SnapshotWork {
        void run(Connection c) throws IOException, SQLException;
    }

    /** Streams the tenant's rows of {@code kind} to {@code sink}; returns how many there were. */
    long stream(Connection c, String tenantId, Kind kind, boolean embeddings, RowSink sink)
            throws SQLException, IOException {
        List<Column> columns = columns(kind, embeddings);
        String sql = "select " + columns.stream().map(Column::selectExpression).collect(Collectors.joining(", "))
                + " from " + kind.table() + " where tenant_id = ? " + kind.orderBy();
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.row(kind, row(rs, columns));
                    n++;
                }
            }
        }
        return n;
    }

    static List<Column> columns(Kind kind, boolean embeddings) {
        return kind.columns().stream().filter(col -> embeddings || col.type() != ColumnType.VECTOR).toList();
    }

    private ObjectNode row(ResultSet rs, List<Column> columns) throws SQLException {
        ObjectNode data = json.createObjectNode();
        for (int i = 0; i < columns.size(); i++) {
            Column col = columns.get(i);
            int index = i + 1;
            String field = col.field();
            switch (col.type()) {
                case UUID, TEXT -> data.put(field, rs.getString(index));
                case TIMESTAMP -> {
                    OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                    data.put(field, t == null ? null : t.toInstant().toString());
                }
                case REAL -> {
                    float f = rs.getFloat(index);
                    if (rs.wasNull()) {
                        data.putNull(field);
                    } else {
                        data.put(field, Double.parseDouble(Float.toString(f)));
                    }
                }
                case DOUBLE -> {
                    double d = rs.getDouble(index);
                    if (rs.wasNull()) {
                        data.putNull(field);
                    } else {
                        data.put(field, d);
                    }
                }
                case INT, BIGINT -> {
                    long l = rs.getLong(index);
                    if (rs.wasNull()) {
                        data.putNull(field);
                    } else {
                        data.put(field, l);
                    }
                }
                case BOOL -> data.put(field, rs.getBoolean(index));
                case JSON_OBJECT, JSON_ARRAY, VECTOR, DERIVED_JSON -> {
                    // pgvector's text form [0.1,0.2,…] is a JSON array already: written as it is, never parsed
                    String text = rs.getString(index);
                    if (text == null) {
                        data.putNull(field);
                    } else {
                        data.putRawValue(field, new RawValue(text));
                    }
                }
                case TEXT_ARRAY -> {
                    Array array = rs.getArray(index);
                    if (array == null) {
                        data.putNull(field);
                    } else {
                        var out = data.putArray(field);
                        for (String s : (String[]) array.getArray()) {
                            out.add(s);
                        }
                    }
                }
                case DURATION_SECONDS -> {
                    long seconds = rs.getLong(index);
                    data.put(field, rs.wasNull() ? null : RetentionPeriod.format(seconds));
                }
                default -> throw new IllegalStateException(col.type().name());
            }
        }
        return data;
    }
}
