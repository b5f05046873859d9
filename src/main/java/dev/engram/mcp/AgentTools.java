package dev.engram.mcp;

import dev.engram.agentcontext.AgentContextService;
import dev.engram.agentcontext.api.BuildContextRequest;
import dev.engram.experience.ExperienceQueryService;
import dev.engram.experience.ExperienceService;
import dev.engram.experience.api.RecordExperienceRequest;
import dev.engram.experience.api.SimilarExperiencesRequest;
import dev.engram.tenant.Scope;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;

import java.util.List;

import static dev.engram.mcp.McpCalls.args;

/**
 * What an agent needs before and after it acts, as MCP tools: prompt-ready context ({@code /v1/context/build}) and
 * the history of attempts and their outcomes ({@code /v1/experiences}).
 */
public class AgentTools {

    private final McpCalls calls;
    private final AgentContextService contexts;
    private final ExperienceService experiences;
    private final ExperienceQueryService queries;

    AgentTools(McpCalls calls, AgentContextService contexts, ExperienceService experiences,
               ExperienceQueryService queries) {
        this.calls = calls;
        this.contexts = contexts;
        this.experiences = experiences;
        this.queries = queries;
    }

    @Tool(name = "build_context", description = "Everything Engram knows that is relevant to a task, as prompt-ready "
            + "text within a token budget: memories, past attempts at similar issues with their outcomes, knowledge "
            + "and learned patterns. Give a query, an issue, or both.", annotations = @Tool.Annotations(
            title = "Build context for a task", readOnlyHint = true, destructiveHint = false, idempotentHint = true,
            openWorldHint = false))
    public String buildContext(
            @ToolArg(description = "The task or question", required = false) String query,
            @ToolArg(description = "The subject of an issue being worked on (a service, file, prompt…)",
                    required = false) String issueSubject,
            @ToolArg(description = "The issue's type, e.g. timeout or empty_response", required = false)
            String issueType,
            @ToolArg(description = "What goes wrong", required = false) String issueDescription,
            @ToolArg(description = "Only memories of this user", required = false) String userId,
            @ToolArg(description = "Only memories of this agent", required = false) String agentId,
            @ToolArg(description = "Token budget, 50 to 32000; default 2000", required = false) Integer maxTokens) {
        boolean issue = issueSubject != null || issueType != null || issueDescription != null;
        return calls.call(Scope.READ, tenant -> contexts.build(tenant, calls.read(args("query", query,
                "issue", issue ? args("subject", issueSubject, "issueType", issueType, "description",
                        issueDescription) : null, "userId", userId, "agentId", agentId, "maxTokens", maxTokens),
                BuildContextRequest.class)).text());
    }

    @Tool(name = "record_experience", description = "Record an attempt at an issue and whether it worked, so that the "
            + "next agent facing a similar issue starts from what worked. Returns the recorded experience as JSON.",
            annotations = @Tool.Annotations(title = "Record an attempt and its outcome", destructiveHint = false,
                    openWorldHint = false))
    public String recordExperience(
            @ToolArg(description = "What the issue was with (a service, file, prompt…)") String subject,
            @ToolArg(description = "The issue's type: 1-64 letters, digits, '_', '.', ':' or '-', e.g. timeout")
            String issueType,
            @ToolArg(description = "What went wrong") String description,
            @ToolArg(description = "What was done, in order", required = false) List<String> actions,
            @ToolArg(description = "Whether it worked") Boolean success,
            @ToolArg(description = "Why it went wrong, or why the fix worked", required = false) String analysis,
            @ToolArg(description = "Who made the attempt", required = false) String actor,
            @ToolArg(description = "Whether the outcome was checked", required = false) Boolean verified) {
        return calls.call(Scope.WRITE, tenant -> experiences.record(tenant, calls.read(args("subject", subject,
                "issueType", issueType, "description", description, "actions", actions, "success", success,
                "analysis", analysis, "actor", actor, "verified", verified), RecordExperienceRequest.class)));
    }

    @Tool(name = "find_similar_experiences", description = "Past attempts at issues like this one, those that worked "
            + "first, as JSON: by the same issue signature, the same subject, the same type, and by meaning.",
            annotations = @Tool.Annotations(title = "Find similar past attempts", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public String findSimilarExperiences(
            @ToolArg(description = "What the issue is with", required = false) String subject,
            @ToolArg(description = "The issue's type", required = false) String issueType,
            @ToolArg(description = "What goes wrong", required = false) String description,
            @ToolArg(description = "At most this many per kind of match, 1 to 50; default 5", required = false)
            Integer limit) {
        return calls.call(Scope.READ, tenant -> queries.findSimilar(tenant, calls.read(args("subject", subject,
                "issueType", issueType, "description", description, "limit", limit), SimilarExperiencesRequest.class)));
    }
}
