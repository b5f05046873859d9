package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram patterns}: learning patterns ({@code GET /v1/patterns}), or with {@code --issues} the issue patterns
 * aggregated from experiences ({@code GET /v1/experiences/patterns}).
 */
@Command(name = "patterns", description = "Learning patterns, newest first (GET /v1/patterns); with --issues the issue "
        + "patterns aggregated from experiences, most attempted first (GET /v1/experiences/patterns)")
final class PatternsCommand extends ApiCommand {

    @Option(names = "--issues", description = "issue patterns (signatures of experiences) instead of learning patterns")
    boolean issues;

    @Option(names = "--limit", paramLabel = "N", description = "at most N entries (default 20; learning patterns up to "
            + Pages.MAX_LIMIT + ", issue patterns up to 100)")
    int limit = 20;

    @Option(names = "--type", paramLabel = "TYPE", description = "learning patterns of this type (behavioral, temporal, …)")
    String type;

    @Option(names = "--user", paramLabel = "USER", description = "learning patterns of this user")
    String user;

    @Option(names = "--agent", paramLabel = "AGENT", description = "learning patterns of this agent")
    String agent;

    @Option(names = "--min-confidence", paramLabel = "X", description = "learning patterns with confidence >= X (0-1)")
    Double minConfidence;

    @Option(names = "--issue-type", paramLabel = "TYPE", description = "with --issues: only this issue type")
    String issueType;

    @Option(names = "--min-attempts", paramLabel = "N", description = "with --issues: at least N attempts")
    Integer minAttempts;

    @Override
    int execute(EngramClient client) {
        if (issues) {
            if (type != null || user != null || agent != null || minConfidence != null) {
                throw new CliException(ExitCodes.USAGE, "--type, --user, --agent and --min-confidence apply to learning "
                        + "patterns, not --issues");
            }
            return print(client.get("/v1/experiences/patterns", new EngramClient.Query().with("issueType", issueType)
                    .with("minAttempts", minAttempts).with("limit", limit)), this::renderIssues);
        }
        if (issueType != null || minAttempts != null) {
            throw new CliException(ExitCodes.USAGE, "--issue-type and --min-attempts need --issues");
        }
        JsonNode page = Pages.collect(client, "/v1/patterns", new EngramClient.Query().with("type", type)
                .with("userId", user).with("agentId", agent).with("minConfidence", minConfidence), limit);
        if (root.json()) {
            root.printJson(page.toString());
        } else {
            root.print(renderLearning(page));
        }
        return ExitCodes.OK;
    }

    String renderLearning(JsonNode page) {
        Table t = table("NAME", "TYPE", "CONFIDENCE", "APPLIED", "SUCCESS RATE", "ACTIVE", "USER", "AGENT",
                "DESCRIPTION", "ID").right(2, 3, 4).maxWidth(0, 30).maxWidth(8, 50);
        page.path("items").forEach(p -> t.row(Fmt.text(p.path("name")), Fmt.text(p.path("patternType")),
                Fmt.decimal(p.path("confidence")), Fmt.count(p.path("appliedCount")), Fmt.percent(p.path("successRate")),
                Fmt.yesNo(p.path("active")), Fmt.text(p.path("userId")), Fmt.text(p.path("agentId")),
                Fmt.text(p.path("description")), Fmt.text(p.path("id"))));
        if (t.isEmpty()) {
            return "No learning patterns.\n";
        }
        return t.render() + (page.path("nextCursor").isTextual() ? "(more: raise --limit)\n" : "");
    }

    String renderIssues(JsonNode list) {
        Table t = table("ISSUE TYPE", "FAMILY", "ATTEMPTS", "SUCCESS RATE", "CONFIDENCE", "BEST FIX", "LAST SEEN (UTC)",
                "SIGNATURE").right(2, 3, 4).maxWidth(5, 50);
        list.forEach(p -> t.row(Fmt.text(p.path("issueType")), Fmt.text(p.path("subjectFamily")),
                Fmt.count(p.path("attempts")), Fmt.percent(p.path("successRate")), Fmt.decimal(p.path("confidence")),
                Fmt.join(p.path("bestFix"), " → "), Fmt.instant(p.path("lastSeen")), Fmt.text(p.path("signature"))));
        return t.isEmpty() ? "No issue patterns.\n" : t.render();
    }
}
