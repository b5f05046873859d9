package dev.engram.platform;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Work aborted as a deadlock victim or a serialization failure runs again; other failures do not. */
class LockConflictRetryTest {

    private static SQLException state(String sqlState) {
        return new SQLException("ERROR: " + sqlState, sqlState);
    }

    @Test
    void shouldRunADeadlockVictimAgain() throws SQLException {
        AtomicInteger calls = new AtomicInteger();
        String result = DatabaseFailures.retryingLockConflicts(() -> {
            if (calls.incrementAndGet() == 1) {
                throw state("40P01"); // deadlock detected
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldFindTheDeadlockInsideAWrappingException() {
        AtomicInteger calls = new AtomicInteger();
        // how a repository reports it: an unchecked exception with the driver's exception as its cause
        int merged = DatabaseFailures.retryingLockConflicts(() -> {
            if (calls.incrementAndGet() < DatabaseFailures.LOCK_CONFLICT_ATTEMPTS) {
                throw new IllegalStateException("Merge failed", state("40P01"));
            }
            return 3;
        });
        assertThat(merged).isEqualTo(3);
        assertThat(calls).hasValue(DatabaseFailures.LOCK_CONFLICT_ATTEMPTS);
    }

    @Test
    void shouldGiveUpAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> DatabaseFailures.retryingLockConflicts(() -> {
            calls.incrementAndGet();
            throw state("40001"); // serialization failure
        })).isInstanceOf(SQLException.class).hasMessageContaining("40001");
        assertThat(calls).hasValue(DatabaseFailures.LOCK_CONFLICT_ATTEMPTS);
    }

    @Test
    void shouldNotRetryOtherFailures() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> DatabaseFailures.retryingLockConflicts(() -> {
            calls.incrementAndGet();
            throw state("23503"); // foreign key violation: running it again cannot help
        })).isInstanceOf(SQLException.class);
        assertThat(calls).hasValue(1);
    }
}
