package dev.engram.session;

import dev.engram.platform.Params;
import dev.engram.platform.ProblemException;
import dev.engram.session.api.AppendTurnsRequest;
import dev.engram.session.api.AppendTurnsResponse;
import dev.engram.session.api.PromotionResponse;
import dev.engram.session.api.SessionContextResponse;
import dev.engram.session.api.SessionResponse;
import dev.engram.tenant.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions (short-term)")
/*
 * append, get and context return Uni: they run on the event loop (Redis only, no worker-thread hop), which is what
 * keeps their latency low at a thousand requests a second; list, delete and promote stay blocking (they may touch
 * PostgreSQL or scan the session index).
 */
public class SessionResource {

    private final SessionService sessions;
    private final SessionContextService contexts;
    private final PromotionService promotion;
    private final ShortTermConfig config;
    private final CurrentTenant tenant;

    SessionResource(SessionService sessions, SessionContextService contexts, PromotionService promotion,
                    ShortTermConfig config, CurrentTenant tenant) {
        this.sessions = sessions;
        this.contexts = contexts;
        this.promotion = promotion;
        this.config = config;
        this.tenant = tenant;
    }

    @POST
    @Path("/{sessionId}/messages")
    @Operation(summary = "Append turns atomically; refreshes the session's TTL")
    public Uni<AppendTurnsResponse> append(@PathParam("sessionId") String sessionId,
                                      @Valid @NotNull AppendTurnsRequest request) {
        return sessions.append(tenant.id(), sessionId, request);
    }

    @GET
    @Path("/{sessionId}")
    @Operation(summary = "A session's metadata and turns (oldest first); counts as an access")
    public Uni<SessionResponse> get(@PathParam("sessionId") String sessionId, @QueryParam("limit") String limit) {
        int last = Params.intInRange("limit", limit, config.maxTurnsPerSession(), 0, config.maxTurnsPerSession());
        return sessions.get(tenant.id(), sessionId, last);
    }

    @GET
    @Path("/{sessionId}/context")
    @Operation(summary = "Recent turns within a budget plus relevant long-term memories, as JSON and prompt text")
    public Uni<SessionContextResponse> context(@PathParam("sessionId") String sessionId,
                                          @QueryParam("maxMessages") String maxMessages,
                                          @QueryParam("maxTokens") String maxTokens, @QueryParam("query") String query,
                                          @QueryParam("maxMemories") String maxMemories) {
        return contexts.context(tenant.id(), sessionId,
                Params.intInRange("maxMessages", maxMessages, 20, 1, config.maxTurnsPerSession()),
                Params.intInRange("maxTokens", maxTokens, 2000, 1, 200_000), query,
                Params.intInRange("maxMemories", maxMemories, 5, 0, 50));
    }

    @GET
    @Operation(summary = "Live sessions of the tenant, most recently active first")
    public List<SessionResponse> list(@QueryParam("userId") String userId, @QueryParam("agentId") String agentId,
                                      @QueryParam("limit") String limit) {
        return sessions.list(tenant.id(), userId, agentId, Params.intInRange("limit", limit, 50, 1, 500));
    }

    @DELETE
    @Path("/{sessionId}")
    @Operation(summary = "End a session (promoting it first when engram.short-term.promote-on-end is on)")
    public Response delete(@PathParam("sessionId") String sessionId) {
        if (config.promoteOnEnd()) {
            promotion.promote(tenant.id(), sessionId);
        }
        if (!sessions.delete(tenant.id(), sessionId)) {
            throw ProblemException.notFound("Session", sessionId);
        }
        return Response.noContent().build();
    }

    @POST
    @Path("/{sessionId}/promote")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Store the session's new turns as episodic memories (idempotent) plus a summary")
    public PromotionResponse promote(@PathParam("sessionId") String sessionId) {
        return promotion.promote(tenant.id(), sessionId);
    }
}
