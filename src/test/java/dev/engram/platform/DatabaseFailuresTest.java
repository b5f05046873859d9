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
    void anExhaustedPoolIsAnOutageWhateverAgroalsWording() {
        // Agroal 3.0.1's two messages (ConnectionPool): the first one has no SQLState and reaches the service
        // wrapped by Hibernate (GenericJDBCException); before, only the capitalised one matched and this was a 500
        for (SQLException timeout : new SQLException[] {new SQLException("Sorry, acquisition timeout!"),
                new SQLException("Acquisition timeout while waiting for new connection", new RuntimeException())}) {
            ProblemException problem = DatabaseFailures.translate(
                    new org.hibernate.exception.GenericJDBCException("Unable to acquire JDBC Connection", timeout));
            assertThat(problem).as(timeout.getMessage()).isNotNull();
            assertThat(problem.type()).isEqualTo(ProblemType.DATABASE_UNAVAILABLE);
            assertThat(problem.retryAfterSeconds()).isEqualTo(DatabaseFailures.RETRY_AFTER_SECONDS);
        }
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseFailures.isLockConflict(new SQLException("unique violation", "23505"))).isFalse();
        assertThat(DatabaseFailures.isLockConflict(new IllegalStateException("no SQL here"))).isFalse();
        assertThat(DatabaseFailures.translate(new SQLException("deadlock detected", "40P01")))
                .as("a lock conflict is no outage").isNull();
    }
}
