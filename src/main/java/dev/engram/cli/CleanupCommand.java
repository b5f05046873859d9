package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram cleanup <days>}: {@code POST /v1/maintenance/cleanup?maxAgeDays=<days>}. */
@Command(name = "cleanup", description = "Remove (or archive, by server configuration) expired memories, memories past "
        + "their type's retention or capacity, and those older than DAYS days with low importance and few accesses "
        + "(POST /v1/maintenance/cleanup; needs the admin scope)")
final class CleanupCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "DAYS", description = "the age rule: memories created more than DAYS days ago "
            + "(1-36500)")
    int days;

    @Option(names = "--min-importance", paramLabel = "X", description = "age rule: only importance below X (0-1; "
            + "default: the server's engram.maintenance.cleanup.min-importance)")
    Double minImportance;

    @Option(names = "--max-access-count", paramLabel = "N", description = "age rule: only memories accessed at most N "
            + "times (default: the server's engram.maintenance.cleanup.max-access-count)")
    Integer maxAccessCount;

    @Option(names = "--dry-run", description = "report what would be removed, change nothing")
    boolean dryRun;

    @Override
    int execute(EngramClient client) {
        EngramClient.Reply reply = client.post("/v1/maintenance/cleanup", new EngramClient.Query()
                .with("maxAgeDays", days).with("minImportance", minImportance).with("maxAccessCount", maxAccessCount)
                .with("dryRun", dryRun ? true : null), null);
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
