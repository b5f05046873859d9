package dev.engram.platform;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs {@link ClusterJob}s once per cluster: each run first takes the job's {@link ClusterLock}; when another pod
 * (or another thread) holds it, the run is skipped, logged and counted ({@code engram.jobs{job,outcome}}), which is
 * not an error.
 */
@ApplicationScoped
public class ClusterJobs {

    private static final Logger LOG = Logger.getLogger(ClusterJobs.class);

    private final Instance<ClusterJob> jobs;
    private final ClusterLock lock;
    private final MeterRegistry registry;

    ClusterJobs(Instance<ClusterJob> jobs, ClusterLock lock, MeterRegistry registry) {
        this.jobs = jobs;
        this.lock = lock;
        this.registry = registry;
    }

    public enum Status { EXECUTED, SKIPPED, FAILED }

    /** The result of one attempt: {@link #line()} is the command's one-line summary. */
    public record Outcome(String job, Status status, String summary, long durationMillis) {
        public String line() {
            return "job=" + job + " status=" + status.name().toLowerCase() + " durationMs=" + durationMillis
                    + (summary == null || summary.isBlank() ? "" : " " + summary);
        }
    }

    public Optional<ClusterJob> find(String name) {
        return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        jobs.stream().map(ClusterJob::name).forEach(names::add);
        return names;
    }

    /** Runs the job unless another holder of its lock is running it. Never throws: a failure is an outcome. */
    public Outcome runExclusively(ClusterJob job, String executedBy) {
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = lock.runExclusively("job:" + job.name(), () -> job.run(executedBy))
                    .map(r -> new Outcome(job.name(), r.success() ? Status.EXECUTED : Status.FAILED, r.summary(),
                            millisSince(started)))
                    .orElseGet(() -> new Outcome(job.name(), Status.SKIPPED,
                            "reason=another-instance-holds-the-lock", millisSince(started)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job %s failed", job.name());
            outcome = new Outcome(job.name(), Status.FAILED, "error=\"" + e.getMessage() + "\"", millisSince(started));
        }
        registry.counter("engram.jobs", List.of(io.micrometer.core.instrument.Tag.of("job", job.name()),
                io.micrometer.core.instrument.Tag.of("outcome", outcome.status().name().toLowerCase()))).increment();
        if (outcome.status() == Status.SKIPPED) {
            LOG.infof("Job %s skipped: another instance holds its lock", job.name());
        } else {
            LOG.infof("%s", outcome.line());
        }
        return outcome;
    }

    /** Who runs jobs here, for the maintenance-run records: {@code <kind>@<pod or host name>}. */
    public static String executor(String kind) {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown";
            }
        }
        return kind + "@" + host;
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
