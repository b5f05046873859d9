package dev.engram.maintenance;

import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.memory.MemoryWriteService;
import dev.engram.testing.HeldTransaction;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cleanup whose step fails is recorded and answered as failed, not as a clean run. Found by the fuzz audit: a
 * failing retention step left the run's description at "Deleted nothing" (dry run: "would delete nothing"), which
 * reads as a tenant with nothing to clean up.
 */
@QuarkusTest
class CleanupFailureTest {

    @Inject
    MemoryWriteService writes;
    @Inject
    AgroalDataSource db;
    @Inject
    CleanupService cleanup;

    @Test
    void aFailedStepIsReportedAsAFailedRun() throws Exception {
        LifecycleFixture fixture = new LifecycleFixture(writes, db, "cleanup-fail-" + UUID.randomUUID());
        UUID expired = fixture.store("semantic", "Expires soon", 0.5, false, Instant.now().plus(Duration.ofHours(1)));
        Instant later = Instant.now().plus(Duration.ofDays(1));
        for (boolean dryRun : new boolean[] {false, true}) {
            MaintenanceRunResponse run;
            try (HeldTransaction held = HeldTransaction.begin(db)) {
                held.execute("select 1 from memory where id = ? for update", expired);
                CompletableFuture<MaintenanceRunResponse> running = CompletableFuture.supplyAsync(() -> dryRun
                        ? cleanup.previewAt(fixture.tenant(), new CleanupParams(null, 0.3, 5), "test", later)
                        : cleanup.cleanupAt(fixture.tenant(), new CleanupParams(null, 0.3, 5), "test", later));
                assertThat(held.awaitWaiters(1)).isTrue();
                cancelWaiters(); // the step's statement fails, as a timestamp out of range made it fail
                run = running.get(30, TimeUnit.SECONDS);
            }
            assertThat(run.success()).isFalse();
            assertThat(run.error()).contains("reference");
            assertThat(run.description()).as("dry run " + dryRun).startsWith(dryRun ? "Dry run failed" : "Failed")
                    .doesNotContain("would delete nothing").isNotEqualTo("Deleted nothing");
        }
    }

    private void cancelWaiters() throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select count(pg_cancel_backend"
                + "(pid)) from pg_stat_activity where cardinality(pg_blocking_pids(pid)) > 0 and query like '%victims%'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
