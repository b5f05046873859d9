package dev.engram.platform;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which database failures are worth running the same work again for. */
class DatabaseFailuresTest {

    @Test
    void deadlocksAndSerializationFailuresAnywhereInTheChainAreLockConflicts() {
        assertThat(DatabaseFailures.isLockConflict(new RuntimeException("wrapped",
                new SQLException("deadlock detected", "40P01")))).isTrue();
        assertThat(DatabaseFailures.isLockConflict(new SQLException("could not serialize", "40001"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseFailures.isLockConflict(new SQLException("unique violation", "23505"))).isFalse();
        assertThat(DatabaseFailures.isLockConflict(new IllegalStateException("no SQL here"))).isFalse();
        assertThat(DatabaseFailures.translate(new SQLException("deadlock detected", "40P01")))
                .as("a lock conflict is no outage").isNull();
    }
}
