package dev.engram.interaction;

import dev.engram.interaction.api.InteractionResponse;
import dev.engram.interaction.api.RecordInteractionRequest;
import dev.engram.tenant.CurrentTenant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/interactions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Learning from interactions")
public class InteractionResource {

    private final InteractionService interactions;
    private final CurrentTenant tenant;

    InteractionResource(InteractionService interactions, CurrentTenant tenant) {
        this.interactions = interactions;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Store an exchange as an episodic memory, extract typed memories from the user's input, and"
            + " let the feedback adjust the importance and confidence of the memories the response used")
    public Response record(@Valid @NotNull RecordInteractionRequest request) {
        InteractionResponse recorded = interactions.record(tenant.id(), request);
        return Response.status(Response.Status.CREATED).entity(recorded).build();
    }
}
