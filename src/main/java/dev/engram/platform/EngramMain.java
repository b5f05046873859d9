package dev.engram.platform;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import sun.misc.Signal;

import java.util.Optional;

/**
 * The entry point of the runnable jar. Without arguments it serves HTTP as always. With {@code job <name>} it runs
 * one {@link ClusterJob} once (under the job's cluster lock) and exits: 0 when the job ran or was skipped because
 * another instance holds its lock, 1 when it failed, 2 for a usage error (an unknown job).
 * This is what the Kubernetes CronJobs call. In job mode the HTTP listener, the in-process scheduler and the model
 * warm-up are switched off, and logs go to stderr so that stdout holds only the one-line summary. The server exits 0
 * after a graceful shutdown on SIGTERM ({@code GracefulShutdownIT}).
 */
@QuarkusMain
public class EngramMain implements QuarkusApplication {

    static final String USAGE = "usage: java -jar quarkus-run.jar [job <name>]   (no arguments: run the HTTP server)";

    @Inject
    ClusterJobs jobs;

    public static void main(String... args) {
        if (args.length > 0 && "job".equals(args[0])) {
            setIfAbsent("quarkus.http.host-enabled", "false");
            setIfAbsent("quarkus.scheduler.enabled", "false");
            setIfAbsent("engram.embedding.warm-up", "false");
            setIfAbsent("quarkus.log.console.stderr", "true");
        }
        Quarkus.run(EngramMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            // SIGTERM is how Kubernetes ends a pod: stop gracefully (running requests finish, batched counts are
            // flushed) and exit 0. Quarkus' own handler exits with 143 (128 + SIGTERM) after the same shutdown.
            Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
            Quarkus.waitForExit();
            return 0;
        }
        if (args.length != 2 || !"job".equals(args[0])) {
            System.err.println(USAGE + "\njobs: " + String.join(", ", jobs.names()));
            return 2;
        }
        String name = args[1];
        Optional<ClusterJob> job = jobs.find(name);
        if (job.isEmpty()) {
            System.err.println("engram: unknown job '" + name + "'\n" + USAGE + "\njobs: " + String.join(", ", jobs.names()));
            return 2;
        }
        ClusterJobs.Outcome outcome = jobs.runExclusively(job.get(), ClusterJobs.executor("job"));
        System.out.println(outcome.line());
        return outcome.status() == ClusterJobs.Status.FAILED ? 1 : 0;
    }

    private static void setIfAbsent(String property, String value) {
        String env = property.toUpperCase().replace('.', '_').replace('-', '_');
        if (System.getProperty(property) == null && System.getenv(env) == null) {
            System.setProperty(property, value);
        }
    }
}
