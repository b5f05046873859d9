package dev.engram.erasure;

import dev.engram.erasure.api.EraseRequest;
import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.platform.ProblemException;
import dev.engram.tenant.CurrentTenant;
import dev.engram.tenant.RequiresScope;
import dev.engram.tenant.Scope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

@Path("/v1/erasures")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Maintenance")
public class ErasureResource {

    private final ErasureService erasure;
    private final CurrentTenant tenant;

    ErasureResource(ErasureService erasure, CurrentTenant tenant) {
        this.erasure = erasure;
        this.tenant = tenant;
    }

    @POST
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Erase every record of one user or agent of the tenant (GDPR): memories (also superseded and "
            + "archived ones), their associations, contexts, patterns, experiences (agent = actor), stored idempotent "
            + "answers naming them, sessions and buffered events; answers the audit run (201), which holds counts only")
    public Response erase(@Valid @NotNull EraseRequest request, UriInfo uri) {
        boolean user = request.userId() != null && !request.userId().isBlank();
        boolean agent = request.agentId() != null && !request.agentId().isBlank();
        if (user == agent) {
            throw ProblemException.invalidField(user ? "agentId" : "userId",
                    "give exactly one of userId and agentId");
        }
        MaintenanceRunResponse run = agent ? erasure.eraseAgent(tenant.id(), request.agentId())
                : erasure.eraseUser(tenant.id(), request.userId());
        URI location = uri.getBaseUriBuilder().path("v1/maintenance/runs").path(run.id().toString()).build();
        return Response.created(location).entity(run).build();
    }
}
