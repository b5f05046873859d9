package dev.engram.agentcontext;

import dev.engram.agentcontext.api.BuildContextRequest;
import dev.engram.agentcontext.api.BuildContextResponse;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/context/build")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Context for agents")
public class AgentContextResource {

    private final AgentContextService service;
    private final CurrentTenant tenant;

    AgentContextResource(AgentContextService service, CurrentTenant tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    @POST
    @RequiresScope(Scope.READ)
    @Operation(summary = "Prompt-ready context for an agent about to act: relevant memories, past experiences with "
            + "outcomes, knowledge and learned patterns, within a token budget (JSON and text)")
    public BuildContextResponse build(@Valid @NotNull BuildContextRequest request) {
        return service.build(tenant.id(), request);
    }
}
