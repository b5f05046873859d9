package dev.engram.experience;

import dev.engram.experience.api.ExperienceFilter;
import dev.engram.tenant.RequiresScope;
import dev.engram.tenant.Scope;
import dev.engram.experience.api.ExperiencePage;
import dev.engram.experience.api.ExperienceResponse;
import dev.engram.experience.api.ExperienceStatsResponse;
import dev.engram.experience.api.IssuePatternResponse;
import dev.engram.experience.api.RecordExperienceRequest;
import dev.engram.experience.api.SimilarExperiencesRequest;
import dev.engram.experience.api.SimilarExperiencesResponse;
import dev.engram.experience.api.StrategiesResponse;
import dev.engram.platform.Params;
import dev.engram.tenant.CurrentTenant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

@Path("/v1/experiences")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Experiences")
public class ExperienceResource {

    private final ExperienceService experiences;
    private final ExperienceQueryService queries;
    private final CurrentTenant tenant;

    ExperienceResource(ExperienceService experiences, ExperienceQueryService queries, CurrentTenant tenant) {
        this.experiences = experiences;
        this.queries = queries;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Record an attempt at resolving an issue; computes its signature and updates its issue pattern")
    public Response record(@Valid @NotNull RecordExperienceRequest request, UriInfo uri) {
        ExperienceResponse created = experiences.record(tenant.id(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Operation(summary = "List experiences, newest first, with filters and cursor pagination")
    public ExperiencePage list(@QueryParam("subject") String subject, @QueryParam("issueType") String issueType,
                               @QueryParam("actor") String actor, @QueryParam("success") String success,
                               @QueryParam("verified") String verified, @QueryParam("signature") String signature,
                               @QueryParam("since") String since, @QueryParam("until") String until,
                               @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        ExperienceFilter filter = new ExperienceFilter(text(subject), text(issueType), text(actor),
                Params.bool("success", success), Params.bool("verified", verified), text(signature), Params.instant("since", since),
                Params.instant("until", until));
        return experiences.list(tenant.id(), filter, cursor, Params.intInRange("limit", limit, 20, 1, 100));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one experience")
    public ExperienceResponse get(@PathParam("id") String id) {
        return experiences.get(tenant.id(), Params.pathId(id));
    }

    @POST
    @Path("/similar")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Past experiences for an issue: exact signature, same subject, same issue type, semantic")
    public SimilarExperiencesResponse similar(@Valid @NotNull SimilarExperiencesRequest request) {
        return queries.findSimilar(tenant.id(), request);
    }

    @GET
    @Path("/patterns")
    @Operation(summary = "Issue patterns (experiences aggregated by signature), most attempted first")
    public List<IssuePatternResponse> patterns(@QueryParam("issueType") String issueType,
                                               @QueryParam("subjectFamily") String subjectFamily,
                                               @QueryParam("minAttempts") String minAttempts,
                                               @QueryParam("limit") String limit) {
        return experiences.issuePatterns(tenant.id(), text(issueType), text(subjectFamily),
                Params.intInRange("minAttempts", minAttempts, 1, 1, 1_000_000),
                Params.intInRange("limit", limit, 20, 1, 100));
    }

    @GET
    @Path("/strategies")
    @Operation(summary = "The most effective actions per issue type")
    public StrategiesResponse strategies(@QueryParam("issueType") String issueType,
                                         @QueryParam("minSuccesses") String minSuccesses,
                                         @QueryParam("limit") String limit,
                                         @QueryParam("actionsPerType") String actionsPerType) {
        return queries.strategies(tenant.id(), text(issueType),
                Params.intInRange("minSuccesses", minSuccesses, 1, 1, 1_000_000),
                Params.intInRange("limit", limit, 20, 1, 100),
                Params.intInRange("actionsPerType", actionsPerType, 5, 1, 50));
    }

    @GET
    @Path("/stats")
    @Operation(summary = "Totals, success rate, subjects, issue types and recent activity")
    public ExperienceStatsResponse stats() {
        return queries.stats(tenant.id());
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

}
