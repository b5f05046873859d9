package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code engram recent <days>}: experiences of the last days ({@code GET /v1/experiences?since=…}), or with
 * {@code --memories} the memories whose event time lies in them ({@code GET /v1/memories/recent?hours=…}).
 */
@Command(name = "recent", description = "Experiences (attempts and fixes) that occurred in the last DAYS days, most "
        + "recently recorded first (GET /v1/experiences?since=...); with --memories the memories of those days "
        + "(GET /v1/memories/recent)")
final class RecentCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "DAYS", description = "how many days back (1-3660; --memories: 1-366)")
    int days;

    @Option(names = "--limit", paramLabel = "N", description = "at most N entries (default 20; experiences up to "
            + Experiences.MAX_LIMIT + ", memories up to 100)")
    int limit = 20;

    @Option(names = "--subject", paramLabel = "SUBJECT", description = "only this subject")
    String subject;

    @Option(names = "--issue-type", paramLabel = "TYPE", description = "only this issue type")
    String issueType;

    @Option(names = "--memories", description = "list memories instead of experiences")
    boolean memories;

    @Option(names = "--type", paramLabel = "TYPE", description = "with --memories: only these memory types (repeatable)")
    java.util.List<String> types;

    @Override
    int execute(EngramClient client) {
        if (memories) {
            return recentMemories(client);
        }
        if (days < 1 || days > 3660) {
            throw new CliException(ExitCodes.USAGE, "DAYS must be between 1 and 3660");
        }
        Instant since = Instant.now().minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS);
        JsonNode page = Experiences.list(client, new EngramClient.Query().with("since", since)
                .with("subject", subject).with("issueType", issueType), limit);
        if (root.json()) {
            root.printJson(page.toString());
        } else {
            root.print(Experiences.render(this, page, "No experiences in the last " + days + " days."));
        }
        return ExitCodes.OK;
    }

    private int recentMemories(EngramClient client) {
        if (days < 1 || days > 366) {
            throw new CliException(ExitCodes.USAGE, "DAYS must be between 1 and 366 with --memories");
        }
        if (subject != null || issueType != null) {
            throw new CliException(ExitCodes.USAGE, "--subject and --issue-type apply to experiences, not --memories");
        }
        EngramClient.Reply reply = client.get("/v1/memories/recent", new EngramClient.Query()
                .with("hours", days * 24).withEach("types", types).with("limit", limit));
        return print(reply, list -> {
            Table t = table("OCCURRED (UTC)", "TYPE", "USER", "IMPORTANCE", "CONTENT", "ID").right(3);
            list.forEach(m -> t.row(Fmt.instant(m.path("occurredAt")), Fmt.text(m.path("type")),
                    Fmt.text(m.path("userId")), Fmt.decimal(m.path("importance")), Fmt.text(m.path("content")),
                    Fmt.text(m.path("id"))));
            return t.isEmpty() ? "No memories in the last " + days + " days.\n" : t.render();
        });
    }
}
