package dev.engram.mcp;

import dev.engram.platform.Params;
import dev.engram.session.SessionContextService;
import dev.engram.session.SessionService;
import dev.engram.session.ShortTermConfig;
import dev.engram.session.api.AppendTurnsRequest;
import dev.engram.tenant.Scope;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;

import java.util.List;
import java.util.Map;

import static dev.engram.mcp.McpCalls.args;

/** Short-term sessions (Redis) as MCP tools: the same services, rules and answers as {@code /v1/sessions}. */
public class SessionTools {

    private final McpCalls calls;
    private final SessionService sessions;
    private final SessionContextService contexts;
    private final ShortTermConfig config;

    SessionTools(McpCalls calls, SessionService sessions, SessionContextService contexts, ShortTermConfig config) {
        this.calls = calls;
        this.sessions = sessions;
        this.contexts = contexts;
        this.config = config;
    }

    @Tool(name = "add_session_messages", description = "Append turns to a conversation session's short-term memory "
            + "(created on first use; it expires after its TTL unless used). Returns the session's turn count.",
            annotations = @Tool.Annotations(title = "Add messages to a session", destructiveHint = false,
                    openWorldHint = false))
    public String addSessionMessages(
            @ToolArg(description = "Session id: 1-128 letters, digits, '.', '_' or '-'") String sessionId,
            @ToolArg(description = "1 to 100 turns, oldest first, each {\"role\": \"user\"|\"assistant\"|\"system\"|"
                    + "\"tool\", \"content\": \"…\"} with optional name, metadata and timestamp")
            List<Map<String, Object>> messages,
            @ToolArg(description = "The user of the session", required = false) String userId,
            @ToolArg(description = "The agent of the session", required = false) String agentId,
            @ToolArg(description = "Seconds the session lives after its last use; default from the configuration",
                    required = false) Long ttlSeconds) {
        return calls.call(Scope.WRITE, tenant -> sessions.append(tenant, sessionId, calls.read(args("messages",
                messages, "userId", userId, "agentId", agentId, "ttlSeconds", ttlSeconds), AppendTurnsRequest.class))
                .await().indefinitely());
    }

    @Tool(name = "get_session_context", description = "Prompt-ready context for the next turn of a session: its recent "
            + "turns within a token budget plus the long-term memories most relevant to the query (or to the last "
            + "user turn). Returns plain text to put into a prompt.", annotations = @Tool.Annotations(
            title = "Get a session's context", readOnlyHint = true, destructiveHint = false, idempotentHint = true,
            openWorldHint = false))
    public String getSessionContext(
            @ToolArg(description = "Session id") String sessionId,
            @ToolArg(description = "What the memories should be relevant to; default the last user turn",
                    required = false) String query,
            @ToolArg(description = "Most recent turns to include, default 20", required = false) Integer maxMessages,
            @ToolArg(description = "Token budget of the whole text, default 2000", required = false) Integer maxTokens,
            @ToolArg(description = "Long-term memories to include, 0 to 50, default 5", required = false)
            Integer maxMemories) {
        return calls.call(Scope.READ, tenant -> contexts.context(tenant, sessionId,
                Params.intInRange("maxMessages", text(maxMessages), 20, 1, config.maxTurnsPerSession()),
                Params.intInRange("maxTokens", text(maxTokens), 2000, 1, 200_000), query,
                Params.intInRange("maxMemories", text(maxMemories), 5, 0, 50)).await().indefinitely().text());
    }

    private static String text(Integer value) {
        return value == null ? null : value.toString();
    }
}
