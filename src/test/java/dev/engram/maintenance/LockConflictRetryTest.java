package dev.engram.maintenance;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cleanup statements aborted as deadlock victims (e.g. against the auto-linker's row locks) are run again. */
class LockConflictRetryTest {

    private static SQLException state(String sqlState) {
        return new SQLException("ERROR: " + sqlState, sqlState);
    }

    @Test
    void shouldRunADeadlockVictimAgain() throws SQLException {
        AtomicInteger calls = new AtomicInteger();
        String result = MaintenanceRepository.retryingLockConflicts(() -> {
            if (calls.incrementAndGet() == 1) {
                throw state("40P01"); // deadlock detected
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldGiveUpAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> MaintenanceRepository.retryingLockConflicts(() -> {
            calls.incrementAndGet();
            throw state("40001"); // serialization failure
        })).isInstanceOf(SQLException.class).hasMessageContaining("40001");
        assertThat(calls).hasValue(MaintenanceRepository.LOCK_CONFLICT_ATTEMPTS);
    }

    @Test
    void shouldNotRetryOtherFailures() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> MaintenanceRepository.retryingLockConflicts(() -> {
            calls.incrementAndGet();
            throw state("23503"); // foreign key violation: running it again cannot help
        })).isInstanceOf(SQLException.class);
        assertThat(calls).hasValue(1);
    }
}
