package dev.engram.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A JDBC transaction on the test database that a race test holds open: it takes row locks ({@link #execute}) so that
 * the request under test must wait for it at a known point, the test waits until it does ({@link #awaitWaiters}),
 * then lets it go on ({@link #commit} or {@link #close}, which rolls back). This makes an interleaving of two
 * transactions deterministic without sleeps or hooks in production code.
 */
public final class HeldTransaction implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Connection connection;
    private final int pid;

    private HeldTransaction(DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        this.connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement("select pg_backend_pid()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            pid = rs.getInt(1);
        }
    }

    /** Opens a transaction on a connection of its own. */
    public static HeldTransaction begin(DataSource dataSource) throws SQLException {
        return new HeldTransaction(dataSource);
    }

    /** Runs one statement (with bound parameters) inside the held transaction; answers the rows it changed or read. */
    public int execute(String sql, Object... binds) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            if (ps.execute()) {
                int rows = 0;
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                return rows;
            }
            return ps.getUpdateCount();
        }
    }

    /**
     * Waits until {@code count} other sessions wait for this transaction, directly or behind another waiter (a second
     * waiter for the same row waits for the first: PostgreSQL's {@code pg_blocking_pids}); false after 30 seconds.
     */
    public boolean awaitWaiters(int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("with recursive waiting(pid) as (select ?::int"
                         + " union select a.pid from pg_stat_activity a join waiting w"
                         + " on w.pid = any(pg_blocking_pids(a.pid))) select count(*) - 1 from waiting")) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= count) {
                        return true;
                    }
                }
            }
            Thread.sleep(20);
        }
        return false;
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    /** Rolls back what was not committed and returns the connection. */
    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } finally {
            connection.close();
        }
    }
}
