package dev.engram.extraction;

import dev.engram.extraction.api.ExtractRequest;
import dev.engram.tenant.RequiresScope;
import dev.engram.tenant.Scope;
import dev.engram.extraction.api.ExtractResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/extract")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Learning from interactions")
public class ExtractionResource {

    private final KeyInformationExtractor extractor;

    ExtractionResource(KeyInformationExtractor extractor) {
        this.extractor = extractor;
    }

    @POST
    @RequiresScope(Scope.READ)
    @Operation(summary = "Suggest memories from text: preferences, facts about the user, work, dates, names (stores nothing)")
    public ExtractResponse extract(@Valid @NotNull ExtractRequest request) {
        return extractor.extract(request.text(), request.extractTypes());
    }
}
