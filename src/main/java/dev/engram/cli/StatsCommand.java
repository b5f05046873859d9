package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram stats}: {@code GET /v1/stats}. */
@Command(name = "stats", description = "Totals, types, largest users/agents/contexts, growth and storage of the "
        + "tenant's memories (GET /v1/stats)")
final class StatsCommand extends ApiCommand {

    @Option(names = "--days", paramLabel = "N", description = "growth over the last N days (1-366, default 30)")
    Integer days;

    @Option(names = "--top", paramLabel = "N", description = "largest N users, agents and contexts (default 10)")
    Integer top;

    @Override
    int execute(EngramClient client) {
        return print(client.get("/v1/stats", new EngramClient.Query().with("days", days).with("top", top)),
                this::render);
    }

    String render(JsonNode s) {
        long created = 0;
        for (JsonNode day : s.path("growth")) {
            created += day.path("count").asLong();
        }
        StringBuilder sb = new StringBuilder(new Fields()
                .add("Memories", Fmt.count(s.path("totalMemories")) + " (permanent " + Fmt.count(s.path("permanentMemories"))
                        + ", expired awaiting cleanup " + Fmt.count(s.path("expiredMemories")) + ")")
                .add("Average importance", Fmt.decimal(s.path("averageImportance")))
                .add("Average confidence", Fmt.decimal(s.path("averageConfidence")))
                .add("Accesses", Fmt.count(s.path("totalAccesses")))
                .add("Users / agents / contexts", Fmt.count(s.path("distinctUsers")) + " / "
                        + Fmt.count(s.path("distinctAgents")) + " / " + Fmt.count(s.path("distinctContexts")))
                .add("Oldest / newest", Fmt.instant(s.path("oldestMemoryAt")) + " / " + Fmt.instant(s.path("newestMemoryAt")))
                .add("Created, last " + s.path("days").asInt() + " days", Fmt.count(created))
                .add("Size of the memory rows", Fmt.bytes(s.path("storage").path("memoryBytesEstimate").asLong()))
                .render());
        Table types = table("TYPE", "MEMORIES", "AVG IMPORTANCE").right(1, 2);
        s.path("byType").forEach(t -> types.row(t.path("type").asText(), Fmt.count(t.path("count")),
                Fmt.decimal(t.path("averageImportance"))));
        section(sb, types);
        Table users = table("USER", "MEMORIES").right(1);
        s.path("byUser").forEach(u -> users.row(orNone(u.path("userId")), Fmt.count(u.path("count"))));
        section(sb, users);
        Table agents = table("AGENT", "MEMORIES").right(1);
        s.path("byAgent").forEach(a -> agents.row(orNone(a.path("agentId")), Fmt.count(a.path("count"))));
        section(sb, agents);
        Table contexts = table("CONTEXT", "ID", "MEMORIES").right(2);
        s.path("byContext").forEach(c -> contexts.row(orNone(c.path("name")), Fmt.text(c.path("contextId")),
                Fmt.count(c.path("count"))));
        section(sb, contexts);
        return sb.toString();
    }

    static void section(StringBuilder sb, Table table) {
        if (!table.isEmpty()) {
            sb.append('\n').append(table.render());
        }
    }

    private static String orNone(JsonNode n) {
        return Fmt.missing(n) ? "(none)" : n.asText();
    }
}
