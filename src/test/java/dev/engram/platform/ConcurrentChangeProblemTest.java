package dev.engram.platform;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleStateException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row changed or removed by a concurrent request between load and flush is a 409 conflict problem however deep the
 * persistence layer wraps it, never a 500. ApiFuzzTest found it with two deletes of one memory type; those now lock the
 * row and the second answers 404 (MemoryTypeDeleteRaceTest), and every PATCH now reads its row under the row lock, so
 * this mapping is a safety net for any write that loads without one.
 */
class ConcurrentChangeProblemTest {

    private final ProblemExceptionMappers mappers = new ProblemExceptionMappers();

    @Test
    void aStaleRowAtFlushShouldBeAConflict() {
        // the chain seen in the fuzz run: commit failure ← rollback ← optimistic lock ← stale state
        RuntimeException commit = new RuntimeException("ARJUNA016053: Could not commit transaction.",
                new IllegalStateException("rollback", new OptimisticLockException("row count 0",
                        new StaleStateException("Batch update returned unexpected row count"))));
        Response wrapped = mappers.unexpected(commit, null);
        assertThat(wrapped.getStatus()).isEqualTo(409);
        assertThat(String.valueOf(wrapped.getEntity())).contains("conflict").contains("concurrent request");
        // nothing was written: a retry may run (and an Idempotency-Key is released, not bound to this answer)
        assertThat(wrapped.getHeaderString("Retry-After")).isEqualTo("1");

        assertThat(mappers.unexpected(new StaleStateException("gone"), null).getStatus()).isEqualTo(409);
    }

    @Test
    void aDeadlockVictimShouldBeAConflictThatChangedNothing() {
        RuntimeException deadlock = new IllegalStateException("Cleanup failed",
                new java.sql.SQLException("ERROR: deadlock detected", "40P01"));
        Response response = mappers.unexpected(deadlock, null);
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(String.valueOf(response.getEntity())).contains("conflict").contains("changed nothing");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(mappers.unexpected(new java.sql.SQLException("could not serialize access", "40001"), null)
                .getStatus()).isEqualTo(409);
        assertThat(mappers.unexpected(new java.sql.SQLException("duplicate key", "23505"), null).getStatus())
                .isEqualTo(500);
    }

    @Test
    void anyOtherFailureShouldStayAnInternalError() {
        assertThat(mappers.unexpected(new IllegalStateException("boom"), null).getStatus()).isEqualTo(500);
    }
}
