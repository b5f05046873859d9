package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code engram search <query>}: {@code POST /v1/memories/search}. */
@Command(name = "search", description = "Search memories by meaning and keywords, best first (POST /v1/memories/search)")
final class SearchCommand extends ApiCommand {

    @Parameters(paramLabel = "QUERY", arity = "1..*", description = "what to look for (several words are one query)")
    List<String> words;

    @Option(names = "--limit", paramLabel = "N", description = "at most N hits (1-100, default 10)")
    Integer limit;

    @Option(names = "--mode", paramLabel = "MODE", description = "hybrid (default), semantic or keyword")
    String mode;

    @Option(names = "--type", paramLabel = "TYPE", description = "only these memory types (repeatable)")
    List<String> types;

    @Option(names = "--user", paramLabel = "USER", description = "only memories of this user")
    String user;

    @Option(names = "--agent", paramLabel = "AGENT", description = "only memories of this agent")
    String agent;

    @Option(names = "--min-relevance", paramLabel = "X", description = "drop hits with relevance below X (0-1)")
    Double minRelevance;

    @Override
    int execute(EngramClient client) {
        ObjectNode body = EngramClient.JSON.createObjectNode();
        body.put("query", String.join(" ", words));
        if (limit != null) {
            body.put("limit", limit);
        }
        if (mode != null) {
            body.put("mode", mode);
        }
        if (types != null) {
            types.forEach(body.putArray("types")::add);
        }
        if (user != null) {
            body.put("userId", user);
        }
        if (agent != null) {
            body.put("agentId", agent);
        }
        if (minRelevance != null) {
            body.put("minRelevance", minRelevance);
        }
        return print(client.post("/v1/memories/search", null, body), this::render);
    }

    String render(JsonNode r) {
        Table t = table("SCORE", "TYPE", "USER", "IMPORTANCE", "CONTENT", "ID").right(0, 3);
        r.path("hits").forEach(h -> t.row(Fmt.decimal(h.path("score")), Fmt.text(h.path("memory").path("type")),
                Fmt.text(h.path("memory").path("userId")), Fmt.decimal(h.path("memory").path("importance")),
                Fmt.text(h.path("memory").path("content")), Fmt.text(h.path("memory").path("id"))));
        String footer = Fmt.count(t.size()) + (t.size() == 1 ? " hit" : " hits") + " (" + Fmt.text(r.path("mode"))
                + ", " + Fmt.millis(r.path("tookMillis").asLong()) + ")\n";
        return t.isEmpty() ? "No matching memories.\n" : t.render() + footer;
    }
}
