package dev.engram.graph;

import dev.engram.graph.api.Direction;
import dev.engram.graph.api.MemoryAssociationsResponse;
import dev.engram.platform.Params;
import dev.engram.tenant.CurrentTenant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/v1/memories/{id}/associations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Memory graph")
public class MemoryAssociationResource {

    private final AssociationService associations;
    private final CurrentTenant tenant;

    MemoryAssociationResource(AssociationService associations, CurrentTenant tenant) {
        this.associations = associations;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "A memory's associations, strongest first: direction out (it is the source), in, or both")
    public MemoryAssociationsResponse list(@PathParam("id") String id, @QueryParam("direction") String direction,
                                           @QueryParam("type") List<String> types,
                                           @QueryParam("minStrength") String minStrength,
                                           @QueryParam("limit") String limit) {
        return associations.ofMemory(tenant.id(), Params.pathId(id), direction(direction), Params.list(types),
                Params.fraction("minStrength", minStrength), Params.intInRange("limit", limit, 100, 1, 500));
    }

    private static Direction direction(String value) {
        if (value == null || value.isBlank()) {
            return Direction.BOTH;
        }
        return switch (value.trim()) {
            case "in" -> Direction.IN;
            case "out" -> Direction.OUT;
            case "both" -> Direction.BOTH;
            default -> throw Params.invalid("direction", "must be in, out or both");
        };
    }
}
