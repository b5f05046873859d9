package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Maintenance runs ({@code POST /v1/maintenance/…}): following an asynchronous run (202 + {@code Location}) until it
 * completes, and the human summary of a run.
 */
final class Runs {

    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private Runs() {
    }

    /**
     * The finished run: the answer itself when the server ran it synchronously (201), else the run polled at its
     * {@code Location} (202) until it has a {@code completedAt}, for at most {@code wait}.
     */
    static EngramClient.Reply finished(EngramClient client, EngramClient.Reply reply, Duration wait) {
        if (reply.status() != 202) {
            return reply;
        }
        String location = reply.headers().firstValue("Location")
                .orElseThrow(() -> new CliException(ExitCodes.PROBLEM, "the server accepted the run (202) without a Location"));
        URI uri = client.base().resolve(location);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            EngramClient.Reply run = client.get(uri);
            if (completed(run.json())) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.UNREACHABLE, "the run " + uri + " did not finish within "
                        + EngramClient.seconds(wait) + " (--timeout); it goes on on the server");
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.UNREACHABLE, "interrupted while waiting for " + uri);
            }
        }
    }

    /** A run is over when it has a completion time, or a status that says so. */
    static boolean completed(JsonNode run) {
        if (!Fmt.missing(run.get("completedAt"))) {
            return true;
        }
        String status = run.path("status").asText("").toLowerCase(Locale.ROOT);
        return status.equals("succeeded") || status.equals("failed") || status.equals("completed")
                || status.equals("done");
    }

    /** The summary of a run: what it did, per rule or group, and how long it took. */
    static String render(JsonNode run, ApiCommand command) {
        Fields f = new Fields()
                .add("Run", Fmt.text(run.path("type")) + " " + Fmt.text(run.path("id")))
                .add("Result", run.path("success").asBoolean() ? "succeeded" : "FAILED: " + Fmt.text(run.path("error")))
                .add("Description", Fmt.text(run.path("description")))
                .add("Processed", Fmt.count(run.path("processed")) + " (deleted " + Fmt.count(run.path("deleted"))
                        + ", archived " + Fmt.count(run.path("archived")) + ")")
                .add("Space freed", Fmt.bytes(run.path("spaceFreedBytes").asLong()))
                .add("Duration", Fmt.millis(run.path("durationMillis").asLong()))
                .add("Executed by", Fmt.text(run.path("executedBy")));
        StringBuilder sb = new StringBuilder(f.render());
        Table details = command.table("DETAIL", "COUNT").right(1);
        run.path("details").fields().forEachRemaining((Map.Entry<String, JsonNode> e) ->
                details.row(e.getKey(), Fmt.count(e.getValue())));
        StatsCommand.section(sb, details);
        Table groups = command.table("SURVIVOR", "MERGED INTO IT").maxWidth(1, 80);
        run.path("groups").forEach(g -> groups.row(Fmt.text(g.path("survivorId")), Fmt.join(g.path("supersededIds"), ", ")));
        StatsCommand.section(sb, groups);
        return sb.toString();
    }

    /** {@link ExitCodes#PROBLEM} for a failed run, else {@link ExitCodes#OK}. */
    static int exitCode(JsonNode run) {
        return run.path("success").asBoolean(true) ? ExitCodes.OK : ExitCodes.PROBLEM;
    }
}
