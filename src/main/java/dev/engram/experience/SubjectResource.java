package dev.engram.experience;

import dev.engram.experience.api.SubjectInsightsResponse;
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

/** Subjects (e.g. models) as seen through their experiences. */
@Path("/v1/subjects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Experiences")
public class SubjectResource {

    private final ExperienceQueryService queries;
    private final CurrentTenant tenant;

    SubjectResource(ExperienceQueryService queries, CurrentTenant tenant) {
        this.queries = queries;
        this.tenant = tenant;
    }

    @GET
    @Path("/{name: .+}/insights")
    @Operation(summary = "Attempts, success rate, common issues, effective fixes and recent history of a subject")
    public SubjectInsightsResponse insights(@PathParam("name") String name, @QueryParam("limit") String limit) {
        return queries.subjectInsights(tenant.id(), name.strip(), Params.intInRange("limit", limit, 10, 1, 100));
    }
}
