package dev.engram.learning;

import dev.engram.learning.api.CreatePatternRequest;
import dev.engram.learning.api.PatternFilter;
import dev.engram.learning.api.PatternPage;
import dev.engram.learning.api.PatternResponse;
import dev.engram.learning.api.RecordApplicationRequest;
import dev.engram.learning.api.UpdatePatternRequest;
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

@Path("/v1/patterns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Learning patterns")
public class PatternResource {

    private final PatternService patterns;
    private final CurrentTenant tenant;

    PatternResource(PatternService patterns, CurrentTenant tenant) {
        this.patterns = patterns;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Store a learning pattern")
    public Response create(@Valid @NotNull CreatePatternRequest request, UriInfo uri) {
        PatternResponse created = patterns.create(tenant.id(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Operation(summary = "List patterns, newest first, with filters and cursor pagination")
    public PatternPage list(@QueryParam("type") String type, @QueryParam("userId") String userId,
                            @QueryParam("agentId") String agentId, @QueryParam("active") String active,
                            @QueryParam("minConfidence") String minConfidence,
                            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        PatternFilter filter = new PatternFilter(blankToNull(type), blankToNull(userId), blankToNull(agentId),
                Params.bool("active", active), Params.fraction("minConfidence", minConfidence));
        return patterns.list(tenant.id(), filter, cursor, Params.intInRange("limit", limit, 20, 1, 100));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one pattern")
    public PatternResponse get(@PathParam("id") String id) {
        return patterns.get(tenant.id(), Params.pathId(id));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a pattern; a new confidence becomes its prior and is combined with the outcomes")
    public PatternResponse update(@PathParam("id") String id, @Valid @NotNull UpdatePatternRequest request) {
        return patterns.update(tenant.id(), Params.pathId(id), request);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a pattern")
    public Response delete(@PathParam("id") String id) {
        patterns.delete(tenant.id(), Params.pathId(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/applications")
    @Operation(summary = "Record one application's outcome; updates counts, success rate and confidence atomically")
    public PatternResponse recordApplication(@PathParam("id") String id,
                                             @Valid @NotNull RecordApplicationRequest request) {
        return patterns.recordApplication(tenant.id(), Params.pathId(id), request.success());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

}
