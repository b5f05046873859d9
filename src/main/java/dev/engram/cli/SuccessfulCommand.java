package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram successful}: {@code GET /v1/experiences?success=true}. */
@Command(name = "successful", description = "Successful experiences (fixes that worked), most recently recorded "
        + "first (GET /v1/experiences?success=true)")
final class SuccessfulCommand extends ApiCommand {

    @Option(names = "--limit", paramLabel = "N", description = "at most N entries (1-" + Experiences.MAX_LIMIT
            + ", default 20)")
    int limit = 20;

    @Option(names = "--subject", paramLabel = "SUBJECT", description = "only this subject")
    String subject;

    @Option(names = "--issue-type", paramLabel = "TYPE", description = "only this issue type")
    String issueType;

    @Option(names = "--verified", description = "only verified fixes")
    boolean verified;

    @Override
    int execute(EngramClient client) {
        JsonNode page = Experiences.list(client, new EngramClient.Query().with("success", true)
                .with("subject", subject).with("issueType", issueType).with("verified", verified ? true : null), limit);
        if (root.json()) {
            root.printJson(page.toString());
        } else {
            root.print(Experiences.render(this, page, "No successful experiences."));
        }
        return ExitCodes.OK;
    }
}
