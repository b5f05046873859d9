package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Cursor-paged listings ({@code {"items": [...], "nextCursor": "..."}}) read across pages. */
final class Pages {

    /** The server's page size limit. */
    static final int PAGE = 100;
    static final int MAX_LIMIT = 1000;

    private Pages() {
    }

    /**
     * Up to {@code limit} items of a cursor-paged listing, following {@code nextCursor}: the result has the shape of one
     * server page, {@code {"items": [...], "nextCursor": ...}} ({@code nextCursor} null when nothing is left).
     */
    static ObjectNode collect(EngramClient client, String path, EngramClient.Query filter, int limit) {
        return collect(client, path, filter, limit, PAGE);
    }

    static ObjectNode collect(EngramClient client, String path, EngramClient.Query filter, int limit, int pageSize) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CliException(ExitCodes.USAGE, "--limit must be between 1 and " + MAX_LIMIT);
        }
        ObjectNode result = EngramClient.JSON.createObjectNode();
        ArrayNode items = result.putArray("items");
        String cursor = null;
        do {
            int want = Math.min(pageSize, limit - items.size());
            JsonNode page = client.get(path, filter.copy().with("limit", want).with("cursor", cursor)).json();
            page.path("items").forEach(items::add);
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null && items.size() < limit);
        result.put("nextCursor", cursor);
        return result;
    }

}
