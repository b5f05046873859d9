package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram consolidate}: {@code POST /v1/maintenance/consolidate}, following the run if it is asynchronous. */
@Command(name = "consolidate", description = "Merge near-duplicate memories into one survivor each; the others are "
        + "marked superseded, never deleted (POST /v1/maintenance/consolidate; needs the admin scope)")
final class ConsolidateCommand extends ApiCommand {

    @Option(names = "--threshold", paramLabel = "X", description = "minimum cosine similarity, 0.5-1 (default: the "
            + "server's, 0.85)")
    Double threshold;

    @Option(names = "--window-hours", paramLabel = "N", description = "compare memories created within the last N "
            + "hours (default: the server's)")
    Integer windowHours;

    @Option(names = "--dry-run", description = "report the groups that would be merged, change nothing")
    boolean dryRun;

    @Override
    int execute(EngramClient client) {
        ObjectNode body = EngramClient.JSON.createObjectNode();
        if (windowHours != null) {
            body.put("timeWindowHours", windowHours);
        }
        if (threshold != null) {
            body.put("similarityThreshold", threshold);
        }
        body.put("dryRun", dryRun);
        EngramClient.Reply reply = client.post("/v1/maintenance/consolidate", null, body);
        EngramClient.Reply finished = Runs.finished(client, reply, client.timeout());
        JsonNode run = finished.json();
        if (root.json()) {
            root.printJson(finished.body());
        } else {
            root.print(Runs.render(run, this));
        }
        return Runs.exitCode(run);
    }
}
