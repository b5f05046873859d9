package dev.engram.platform;

/**
 * A job that must run once per cluster, not once per pod: the scheduler of every pod and the command mode
 * ({@code java -jar quarkus-run.jar job <name>}) run it through {@link ClusterJobs}, which takes a PostgreSQL
 * advisory lock named after the job first.
 */
public interface ClusterJob {

    /** The name used on the command line and for the lock, e.g. {@code cleanup}. */
    String name();

    /** Runs the job once; called only while the job's cluster lock is held. */
    Result run(String executedBy);

    /**
     * What a run did.
     *
     * @param success false when any part failed (the command exits non-zero)
     * @param summary one line of {@code key=value} pairs for logs and the command's output
     */
    record Result(boolean success, String summary) {
    }
}
