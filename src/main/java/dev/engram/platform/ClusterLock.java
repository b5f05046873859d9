package dev.engram.platform;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cluster-wide mutual exclusion on PostgreSQL advisory locks. The lock is a transaction-level advisory lock
 * ({@code pg_try_advisory_xact_lock}) taken on a dedicated connection whose transaction stays open while the work
 * runs (on other connections) and is rolled back afterwards: the lock can never leak into the pool, and it is
 * released by the server if the pod dies.
 */
@ApplicationScoped
public class ClusterLock {

    private final AgroalDataSource dataSource;

    public ClusterLock(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} if no other holder (in any pod) has the lock {@code name}; empty when it was held. */
    public <T> Optional<T> runExclusively(String name, Supplier<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c, key(name))) {
                    return Optional.empty();
                }
                return Optional.of(work.get());
            } finally {
                c.rollback(); // ends the transaction, which releases the advisory lock
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the cluster lock " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The 64-bit advisory lock key of a lock name: stable across pods and versions. */
    public static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("engram:lock:" + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
