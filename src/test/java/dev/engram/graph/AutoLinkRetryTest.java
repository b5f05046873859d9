package dev.engram.graph;

import dev.engram.memory.api.MemoriesStored;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When linking one tenant's new memories fails because the database went away, the auto-linker retries them and
 * the other tenants' new memories of the same batch on the next run: none is dropped.
 */
@QuarkusTest
class AutoLinkRetryTest {

    @Inject
    AutoLinker linker;
    @Inject
    Event<MemoriesStored> stored;
    @Inject
    Scheduler scheduler;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void theWholeBatchShouldBeLinkedAfterOneTenantsLinkFailed() throws Exception {
        String first = "retry-a-" + UUID.randomUUID();
        String second = "retry-b-" + UUID.randomUUID();
        Random random = new Random(5);
        UUID held = UUID.randomUUID();
        UUID firstNew = UUID.randomUUID();
        UUID secondNew = UUID.randomUUID();
        float[] base = vector(random);
        try (Connection c = dataSource.getConnection()) {
            AutoLinkRaceTest.insert(c, first, held, base);
            AutoLinkRaceTest.insert(c, first, firstNew, near(base, random));
            AutoLinkRaceTest.insert(c, second, UUID.randomUUID(), base);
            AutoLinkRaceTest.insert(c, second, secondNew, near(base, random));
        }
        scheduler.pause(); // this test runs the linker itself: both tenants in one batch
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (PreparedStatement lock = locker.prepareStatement("select id from memory where id = ? for update")) {
                lock.setObject(1, held);
                lock.executeQuery().close();
            }
            stored.fire(new MemoriesStored(first, List.of(firstNew)));
            stored.fire(new MemoriesStored(second, List.of(secondNew)));
            Future<?> run = worker.submit(linker::linkPending);
            // the first tenant's statement waits for the held row; its connection is lost (as in a failover)
            int linkerPid = awaitBlockedBy(pid(locker));
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("select pg_terminate_backend(?)")) {
                ps.setInt(1, linkerPid);
                ps.executeQuery().close();
            }
            run.get(30, TimeUnit.SECONDS);
            locker.rollback();
        } finally {
            worker.shutdownNow();
            scheduler.resume();
        }
        for (int attempt = 0; attempt < 50 && (links(firstNew) == 0 || links(secondNew) == 0); attempt++) {
            Thread.sleep(200); // the scheduled run links what was queued again
        }
        assertThat(links(firstNew)).as("the tenant whose link failed").isPositive();
        assertThat(links(secondNew)).as("the other tenant of the same batch").isPositive();
    }

    private int awaitBlockedBy(int holder) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "select pid from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
                ps.setInt(1, holder);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the auto-linker never waited for the held row");
    }

    private int links(UUID source) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from association where source_id = ?")) {
            ps.setObject(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int pid(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static float[] vector(Random random) {
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }
        return v;
    }

    private static float[] near(float[] base, Random random) {
        float[] v = new float[base.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = base[i] + (random.nextFloat() - 0.5f) * 0.05f;
        }
        return v;
    }
}
