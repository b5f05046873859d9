package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Listing experiences ({@code GET /v1/experiences}) across pages (recent, successful), and their table. */
final class Experiences {

    static final int MAX_LIMIT = Pages.MAX_LIMIT;

    private Experiences() {
    }

    static ObjectNode list(EngramClient client, EngramClient.Query filter, int limit) {
        return Pages.collect(client, "/v1/experiences", filter, limit);
    }

    static String render(ApiCommand command, JsonNode page, String empty) {
        Table t = command.table("OCCURRED (UTC)", "SUBJECT", "ISSUE TYPE", "OK", "ACTOR", "ACTIONS", "DESCRIPTION", "ID")
                .maxWidth(1, 30).maxWidth(5, 40);
        page.path("items").forEach(e -> t.row(Fmt.instant(e.path("occurredAt")), Fmt.text(e.path("subject")),
                Fmt.text(e.path("issueType")), Fmt.yesNo(e.path("success")), Fmt.text(e.path("actor")),
                Fmt.join(e.path("actions"), " → "), Fmt.text(e.path("description")), Fmt.text(e.path("id"))));
        if (t.isEmpty()) {
            return empty + "\n";
        }
        String more = page.path("nextCursor").isTextual() ? "(more: raise --limit)\n" : "";
        return t.render() + more;
    }
}
