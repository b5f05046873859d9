package dev.engram.graph;

import dev.engram.graph.api.AssociationFilter;
import dev.engram.graph.api.AssociationPage;
import dev.engram.graph.api.AssociationResponse;
import dev.engram.graph.api.CreateAssociationRequest;
import dev.engram.platform.Params;
import dev.engram.tenant.CurrentTenant;
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
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/v1/associations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Memory graph")
public class AssociationResource {

    private final AssociationService associations;
    private final CurrentTenant tenant;

    AssociationResource(AssociationService associations, CurrentTenant tenant) {
        this.associations = associations;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Associate two memories (directed, typed, weighted); an existing (source, target, type) is a 409")
    public Response create(@Valid @NotNull CreateAssociationRequest request, UriInfo uri) {
        AssociationResponse created = associations.create(tenant.id(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Operation(summary = "List associations, newest first, with filters and cursor pagination")
    public AssociationPage list(@QueryParam("sourceId") String sourceId, @QueryParam("targetId") String targetId,
                                @QueryParam("memoryId") String memoryId, @QueryParam("type") List<String> types,
                                @QueryParam("learnedAutomatically") String learnedAutomatically,
                                @QueryParam("minStrength") String minStrength,
                                @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        AssociationFilter filter = new AssociationFilter(Params.uuid("sourceId", sourceId),
                Params.uuid("targetId", targetId), Params.uuid("memoryId", memoryId), Params.list(types),
                Params.bool("learnedAutomatically", learnedAutomatically), Params.fraction("minStrength", minStrength));
        return associations.list(tenant.id(), filter, cursor, Params.intInRange("limit", limit, 20, 1, 100));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one association")
    public AssociationResponse get(@PathParam("id") String id) {
        return associations.get(tenant.id(), Params.pathId(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an association")
    public Response delete(@PathParam("id") String id) {
        associations.delete(tenant.id(), Params.pathId(id));
        return Response.noContent().build();
    }

}
