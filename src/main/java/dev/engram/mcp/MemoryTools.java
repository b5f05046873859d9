package dev.engram.mcp;

import dev.engram.memory.MemoryService;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memory.api.CreateMemoryRequest;
import dev.engram.platform.Params;
import dev.engram.search.SearchService;
import dev.engram.search.api.SearchMemoriesRequest;
import dev.engram.tenant.Scope;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;

import java.util.List;
import java.util.Map;

import static dev.engram.mcp.McpCalls.args;

/** Long-term memories as MCP tools: the same services, rules and answers as {@code /v1/memories}. */
public class MemoryTools {

    private final McpCalls calls;
    private final MemoryWriteService writes;
    private final MemoryService reads;
    private final SearchService search;

    MemoryTools(McpCalls calls, MemoryWriteService writes, MemoryService reads, SearchService search) {
        this.calls = calls;
        this.writes = writes;
        this.reads = reads;
        this.search = search;
    }

    @Tool(name = "store_memory", description = "Store one long-term memory: a fact, preference, event or procedure "
            + "worth remembering beyond this conversation. It is embedded and searchable at once. Returns the stored "
            + "memory as JSON (its id among it).", annotations = @Tool.Annotations(title = "Store a memory",
            destructiveHint = false, openWorldHint = false))
    public String storeMemory(
            @ToolArg(description = "What to remember, as a self-contained statement") String content,
            @ToolArg(description = "Memory type: episodic, semantic, preference, procedural, emotional, contextual or "
                    + "a custom type; default semantic", required = false) String type,
            @ToolArg(description = "Importance from 0 to 1; default 0.5", required = false) Double importance,
            @ToolArg(description = "A short title", required = false) String title,
            @ToolArg(description = "The user this memory is about", required = false) String userId,
            @ToolArg(description = "The agent that learned it", required = false) String agentId,
            @ToolArg(description = "Id (UUID) of the context (conversation, task, project) it belongs to",
                    required = false) String contextId,
            @ToolArg(description = "Keywords that keyword search should find it by", required = false)
            List<String> keywords,
            @ToolArg(description = "Any JSON object to keep with it; search can filter on it", required = false)
            Map<String, Object> metadata,
            @ToolArg(description = "When it happened (ISO-8601, e.g. 2026-05-01T10:00:00Z); default now",
                    required = false) String occurredAt) {
        return calls.call(Scope.WRITE, tenant -> writes.create(tenant, calls.read(args("content", content,
                "type", type, "importance", importance, "title", title, "userId", userId, "agentId", agentId,
                "contextId", contextId, "keywords", keywords, "metadata", metadata, "occurredAt", occurredAt),
                CreateMemoryRequest.class)));
    }

    @Tool(name = "search_memories", description = "Search long-term memories by meaning and keywords. Returns the best "
            + "hits as JSON, each with its memory, relevance and composite score (relevance, recency, frequency and "
            + "importance).", annotations = @Tool.Annotations(title = "Search memories", readOnlyHint = true,
            destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public String searchMemories(
            @ToolArg(description = "What to look for, in natural language") String query,
            @ToolArg(description = "hybrid (default: meaning and keywords), semantic or keyword", required = false)
            String mode,
            @ToolArg(description = "How many hits, 1 to 100; default 10", required = false) Integer limit,
            @ToolArg(description = "Only these memory types", required = false) List<String> types,
            @ToolArg(description = "Only memories of this user", required = false) String userId,
            @ToolArg(description = "Only memories of this agent", required = false) String agentId,
            @ToolArg(description = "Only memories of this context (UUID)", required = false) String contextId,
            @ToolArg(description = "Only memories at least this important (0 to 1)", required = false)
            Double minImportance,
            @ToolArg(description = "Only memories that happened at or after this time (ISO-8601)", required = false)
            String since,
            @ToolArg(description = "Only memories that happened before this time (ISO-8601)", required = false)
            String until,
            @ToolArg(description = "Also return memories linked to the hits in the memory graph", required = false)
            Boolean includeRelated) {
        return calls.call(Scope.READ, tenant -> search.search(tenant, calls.read(args("query", query, "mode", mode,
                "limit", limit, "types", types, "userId", userId, "agentId", agentId, "contextId", contextId,
                "minImportance", minImportance, "since", since, "until", until, "includeRelated", includeRelated),
                SearchMemoriesRequest.class)));
    }

    @Tool(name = "get_memory", description = "Read one long-term memory by its id, as JSON.",
            annotations = @Tool.Annotations(title = "Get a memory", readOnlyHint = true, destructiveHint = false,
                    idempotentHint = true, openWorldHint = false))
    public String getMemory(@ToolArg(description = "The memory's id (UUID)") String id) {
        return calls.call(Scope.READ, tenant -> reads.get(tenant, Params.pathId("id", id)));
    }

    @Tool(name = "delete_memory", description = "Delete one long-term memory that is wrong or no longer wanted.",
            annotations = @Tool.Annotations(title = "Delete a memory", destructiveHint = true, idempotentHint = true,
                    openWorldHint = false))
    public String deleteMemory(@ToolArg(description = "The memory's id (UUID)") String id) {
        return calls.call(Scope.WRITE, tenant -> {
            writes.delete(tenant, Params.pathId("id", id));
            return "Deleted memory " + id;
        });
    }
}
