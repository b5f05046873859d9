package dev.engram.context;

import dev.engram.context.api.ContextPage;
import dev.engram.context.api.ContextResponse;
import dev.engram.context.api.CreateContextRequest;
import dev.engram.context.api.UpdateContextRequest;
import dev.engram.memory.MemoryService;
import dev.engram.memory.api.MemoryFilter;
import dev.engram.memory.api.MemoryPage;
import dev.engram.platform.Params;
import dev.engram.tenant.CurrentTenant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/v1/contexts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Contexts")
public class ContextResource {

    private final ContextService contexts;
    private final MemoryService memories;
    private final CurrentTenant tenant;

    ContextResource(ContextService contexts, MemoryService memories, CurrentTenant tenant) {
        this.contexts = contexts;
        this.memories = memories;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Create a context")
    public Response create(@Valid @NotNull CreateContextRequest request, UriInfo uri) {
        ContextResponse created = contexts.create(tenant.id(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Operation(summary = "List contexts, newest first")
    public ContextPage list(@QueryParam("userId") String userId, @QueryParam("agentId") String agentId,
                            @QueryParam("status") String status, @QueryParam("type") String type,
                            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        if (status != null && !status.equals("active") && !status.equals("archived")) {
            throw Params.invalid("status", "must be active or archived");
        }
        return contexts.list(tenant.id(), userId, agentId, status, type, cursor,
                Params.intInRange("limit", limit, 20, 1, 100));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a context with its memory count and duration")
    public ContextResponse get(@PathParam("id") String id) {
        return contexts.get(tenant.id(), Params.pathId(id));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a context; status=archived ends it")
    public ContextResponse update(@PathParam("id") String id, @Valid @NotNull UpdateContextRequest request) {
        return contexts.update(tenant.id(), Params.pathId(id), request);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a context; its memories stay, without a context")
    public Response delete(@PathParam("id") String id) {
        contexts.delete(tenant.id(), Params.pathId(id));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/memories")
    @Operation(summary = "Memories of a context, newest first")
    public MemoryPage memories(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                               @QueryParam("limit") String limit) {
        UUID contextId = Params.pathId(id);
        contexts.requireFound(tenant.id(), contextId);
        MemoryFilter filter = new MemoryFilter(List.of(), contextId, null, null, null, null, null, null);
        return memories.list(tenant.id(), filter, cursor, Params.intInRange("limit", limit, 20, 1, 100));
    }
}
