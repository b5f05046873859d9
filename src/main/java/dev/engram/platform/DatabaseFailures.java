package dev.engram.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Recognises a database that cannot be reached (down, restarting, pool exhausted) anywhere in a cause chain, so
 * that it is answered with {@code 503 database-unavailable} and {@code Retry-After} instead of a 500.
 */
public final class DatabaseFailures {

    /** Seconds a client should wait before retrying after a database outage. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseFailures() {
    }

    /**
     * The matching problem, or {@code null} when the failure is not a database outage. Causes and suppressed
     * exceptions are searched: a connection lost during COMMIT reaches the caller as the transaction manager's
     * {@code RollbackException} with the driver's exception only among the suppressed ones, and such a write must be
     * answered 503 (its outcome is unknown to the service), never 2xx and never 500.
     */
    public static ProblemException translate(Throwable failure) {
        Throwable found = find(failure, t -> t instanceof ProblemException || isConnectionFailure(t));
        if (found instanceof ProblemException p) {
            return p;
        }
        return found == null ? null : new ProblemException(ProblemType.DATABASE_UNAVAILABLE,
                "PostgreSQL is not reachable right now; retry in a few seconds", Map.of(), RETRY_AFTER_SECONDS, failure);
    }

    /**
     * A foreign key violation (23503) among the causes and suppressed exceptions: a row the write refers to was
     * deleted by a concurrent transaction after the write checked it (a flush at commit reports it as suppressed).
     */
    public static boolean isForeignKeyViolation(Throwable failure) {
        return find(failure, t -> t instanceof SQLException sql && "23503".equals(sql.getSQLState())) != null;
    }

    /** The first throwable matching {@code test}, breadth first through causes and suppressed exceptions. */
    private static Throwable find(Throwable failure, Predicate<Throwable> test) {
        ArrayDeque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(failure);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return t;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(Arrays.asList(t.getSuppressed()));
        }
        return null;
    }

    /**
     * A deadlock (40P01) or serialization failure (40001) anywhere in the cause chain: PostgreSQL aborted this
     * transaction to let a concurrent one finish, and the same work can simply run again (the auto-linker and a
     * consolidation both lock near-duplicate memories, in different orders).
     */
    public static boolean isLockConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40P01".equals(sql.getSQLState())
                    || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A unique violation (23505) anywhere in the cause chain or among the suppressed exceptions (a violation found
     * at COMMIT reaches the caller wrapped by the transaction manager): a concurrent request inserted the same key
     * between this one's check and its insert.
     */
    public static boolean isUniqueViolation(Throwable failure) {
        return find(failure, t -> t instanceof SQLException sql && "23505".equals(sql.getSQLState())) != null;
    }

    /** Attempts in all that {@link #retryingLockConflicts} makes. */
    public static final int LOCK_CONFLICT_ATTEMPTS = 3;

    /** Work that may throw {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} again when PostgreSQL aborted it as a deadlock victim or a serialization failure
     * ({@link #isLockConflict}), up to {@link #LOCK_CONFLICT_ATTEMPTS} times in all: the aborted attempt changed
     * nothing, and the transaction it lost to is short. The work must be one whole transaction.
     */
    public static <T, E extends Exception> T retryingLockConflicts(Work<T, E> work) throws E {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (Exception e) {
                if (attempt >= LOCK_CONFLICT_ATTEMPTS || !isLockConflict(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException) {
            return true;
        }
        if (t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            // 08xxx connection exceptions, 57P01-57P03 admin shutdown / cannot connect now
            if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                return true;
            }
            // Agroal's pool exhaustion has no SQLState: "Sorry, acquisition timeout!" (or "Acquisition timeout while
            // waiting for new connection"), hence the case-insensitive match
            String message = String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return message.contains("acquisition timeout") || message.contains("this connection has been closed");
        }
        return false;
    }
}
