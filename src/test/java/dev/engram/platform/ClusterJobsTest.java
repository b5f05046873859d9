package dev.engram.platform;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Many pods, one run: the advisory lock lets exactly one of two concurrent runs of a job execute. */
@QuarkusTest
class ClusterJobsTest {

    @Inject
    ClusterJobs jobs;
    @Inject
    AgroalDataSource db;

    /** A job that holds its lock until released, counting its executions. */
    private static final class BlockingJob implements ClusterJob {
        final String name = "test-" + UUID.randomUUID();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger executions = new AtomicInteger();

        @Override
        public String name() {
            return name;
        }

        @Override
        public Result run(String executedBy) {
            executions.incrementAndGet();
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Result(true, "done=1");
        }
    }

    @Test
    void shouldRunOnlyOneOfTwoConcurrentRunsAndReportTheOtherAsSkipped() throws Exception {
        BlockingJob job = new BlockingJob();
        CompletableFuture<ClusterJobs.Outcome> first = CompletableFuture.supplyAsync(() -> jobs.runExclusively(job, "pod-a"));
        assertThat(job.entered.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(lockHeld(job.name)).as("held while the job runs").isTrue();

        ClusterJobs.Outcome second = jobs.runExclusively(job, "pod-b");
        job.release.countDown();

        assertThat(second.status()).isEqualTo(ClusterJobs.Status.SKIPPED);
        assertThat(second.line()).startsWith("job=" + job.name + " status=skipped");
        assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(ClusterJobs.Status.EXECUTED);
        assertThat(job.executions).hasValue(1);
        assertThat(jobs.runExclusively(job, "pod-b").status()).as("the lock is free again").isEqualTo(ClusterJobs.Status.EXECUTED);
        assertThat(lockHeld(job.name)).as("released with the transaction").isFalse();
    }

    @Test
    void shouldSkipTheRealJobsWhileAnotherPodHoldsTheirLock() throws Exception {
        for (String name : new String[] {"cleanup", "decay", "promote"}) {
            ClusterJob job = jobs.find(name).orElseThrow();
            try (Connection otherPod = db.getConnection();
                 PreparedStatement ps = otherPod.prepareStatement("select pg_advisory_lock(?)")) {
                ps.setLong(1, ClusterLock.key("job:" + name));
                ps.execute();
                try {
                    assertThat(jobs.runExclusively(job, "test").status()).as(name).isEqualTo(ClusterJobs.Status.SKIPPED);
                } finally {
                    try (PreparedStatement unlock = otherPod.prepareStatement("select pg_advisory_unlock(?)")) {
                        unlock.setLong(1, ClusterLock.key("job:" + name));
                        unlock.execute();
                    }
                }
            }
        }
    }

    @Test
    void shouldReportAFailingJobAsFailedWithoutThrowing() {
        ClusterJob failing = new ClusterJob() {
            @Override
            public String name() {
                return "failing-" + UUID.randomUUID();
            }

            @Override
            public Result run(String executedBy) {
                throw new IllegalStateException("boom");
            }
        };
        ClusterJobs.Outcome outcome = jobs.runExclusively(failing, "test");
        assertThat(outcome.status()).isEqualTo(ClusterJobs.Status.FAILED);
        assertThat(outcome.line()).contains("error=\"boom\"");
        assertThat(jobs.names()).contains("cleanup", "decay", "promote");
    }

    private boolean lockHeld(String name) throws Exception {
        long key = ClusterLock.key("job:" + name);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from pg_locks where locktype = 'advisory' and objid = (? & 4294967295) "
                        + "and classid = ((? >> 32) & 4294967295)")) {
            ps.setLong(1, key);
            ps.setLong(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
