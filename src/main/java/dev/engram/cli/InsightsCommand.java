package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram insights <subject>}: {@code GET /v1/subjects/{name}/insights}. */
@Command(name = "insights", description = "What the experiences of a subject (e.g. a model) show: attempts, success "
        + "rate, common issues, effective fixes, recent history (GET /v1/subjects/{subject}/insights)")
final class InsightsCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "the subject, e.g. meta-llama/Llama-3.2-1B")
    String subject;

    @Option(names = "--limit", paramLabel = "N", description = "entries per list (1-100, default 10)")
    Integer limit;

    @Override
    int execute(EngramClient client) {
        if (subject.isBlank()) {
            throw new CliException(ExitCodes.USAGE, "the subject must not be blank");
        }
        return print(client.get("/v1/subjects/" + EngramClient.pathSegment(subject.strip(), true) + "/insights",
                new EngramClient.Query().with("limit", limit)), this::render);
    }

    String render(JsonNode i) {
        StringBuilder sb = new StringBuilder(new Fields()
                .add("Subject", Fmt.text(i.path("subject")) + " (family " + Fmt.text(i.path("subjectFamily")) + ")")
                .add("Attempts", Fmt.count(i.path("totalAttempts")))
                .add("Successes", Fmt.count(i.path("successes")) + " (" + Fmt.percent(i.path("successRate")) + ")")
                .render());
        Table issues = table("ISSUE TYPE", "ATTEMPTS", "SUCCESSES", "SUCCESS RATE").right(1, 2, 3);
        i.path("commonIssues").forEach(c -> issues.row(c.path("issueType").asText(), Fmt.count(c.path("attempts")),
                Fmt.count(c.path("successes")), Fmt.percent(c.path("successRate"))));
        StatsCommand.section(sb, issues);
        Table fixes = table("ISSUE TYPE", "SUCCESSES", "ACTIONS").right(1).maxWidth(2, 80);
        i.path("effectiveFixes").forEach(f -> fixes.row(f.path("issueType").asText(), Fmt.count(f.path("successes")),
                Fmt.join(f.path("actions"), " → ")));
        StatsCommand.section(sb, fixes);
        Table history = table("OCCURRED (UTC)", "ISSUE TYPE", "OK", "ACTOR", "DESCRIPTION", "ID");
        i.path("recentHistory").forEach(h -> history.row(Fmt.instant(h.path("occurredAt")), h.path("issueType").asText(),
                Fmt.yesNo(h.path("success")), Fmt.text(h.path("actor")), Fmt.text(h.path("description")),
                Fmt.text(h.path("id"))));
        StatsCommand.section(sb, history);
        return sb.toString();
    }
}
