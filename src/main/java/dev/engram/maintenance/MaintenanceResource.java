package dev.engram.maintenance;

import dev.engram.maintenance.api.CleanupRequest;
import dev.engram.maintenance.api.ConsolidateRequest;
import dev.engram.maintenance.api.OptimizeRequest;
import dev.engram.maintenance.api.OptimizeResponse;
import dev.engram.maintenance.api.MaintenanceRunPage;
import dev.engram.platform.ProblemException;
import dev.engram.tenant.RequiresScope;
import dev.engram.tenant.Scope;
import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.platform.Params;
import dev.engram.tenant.CurrentTenant;
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

import java.net.URI;
import java.time.Duration;
import java.util.Set;

@Path("/v1/maintenance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Maintenance")
public class MaintenanceResource {

    private static final Set<String> RUN_TYPES = Set.of("cleanup", "decay", "consolidation", "optimize", "erasure");

    private final CleanupService cleanup;
    private final DecayService decay;
    private final ConsolidationService consolidation;
    private final OptimizeService optimize;
    private final MaintenanceRunService runs;
    private final MaintenanceConfig config;
    private final CurrentTenant tenant;

    MaintenanceResource(CleanupService cleanup, DecayService decay, ConsolidationService consolidation,
                        OptimizeService optimize, MaintenanceRunService runs, MaintenanceConfig config,
                        CurrentTenant tenant) {
        this.cleanup = cleanup;
        this.decay = decay;
        this.consolidation = consolidation;
        this.optimize = optimize;
        this.runs = runs;
        this.config = config;
        this.tenant = tenant;
    }

    @POST
    @Path("/cleanup")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Remove (or archive) expired memories, memories past their type's retention or beyond its "
            + "capacity, and with maxAgeDays the old unimportant unused ones; synchronous, answers the run (201). "
            + "dryRun=true counts what would be removed per rule (details) and changes nothing")
    public Response cleanup(@QueryParam("maxAgeDays") String maxAgeDays,
                            @QueryParam("minImportance") String minImportance,
                            @QueryParam("maxAccessCount") String maxAccessCount,
                            @QueryParam("dryRun") String dryRun, UriInfo uri) {
        Double min = Params.fraction("minImportance", minImportance);
        CleanupParams params = cleanupParams(
                maxAgeDays == null || maxAgeDays.isBlank() ? null : Params.intInRange("maxAgeDays", maxAgeDays, 0, 1, 36_500),
                min, Params.intInRange("maxAccessCount", maxAccessCount, config.cleanup().maxAccessCount(), 0,
                        Integer.MAX_VALUE));
        return created(cleanup.cleanup(tenant.id(), params, "api", Boolean.TRUE.equals(Params.bool("dryRun", dryRun))), uri);
    }

    @POST
    @Path("/decay")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Decay the importance of memories not accessed for a while (configured rate and floor); "
            + "synchronous, answers the run (201)")
    public Response decay(UriInfo uri) {
        return created(decay.decay(tenant.id(), "api"), uri);
    }

    @POST
    @Path("/consolidate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Merge near-duplicate memories (same user and type, created within the window, cosine "
            + "similarity at or above the threshold) into one survivor each; the others are marked superseded, never "
            + "deleted. Synchronous and bounded (engram.maintenance.consolidate.max-memories), answers the run (201)")
    public Response consolidate(ConsolidateRequest body, UriInfo uri) {
        return created(consolidation.consolidate(tenant.id(), consolidationParams(body, "", true), "api"), uri);
    }

    @POST
    @Path("/optimize")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Consolidation, then cleanup (defaults or the body's overrides, each recorded as its own run), "
            + "then VACUUM (ANALYZE) of Engram's tables (all tenants' rows: VACUUM works on whole tables; skipped while "
            + "another pod vacuums). Synchronous; answers what each step did and the space freed (201, run type optimize)")
    public Response optimize(OptimizeRequest body, UriInfo uri) {
        OptimizeRequest r = body == null ? new OptimizeRequest(null, null) : body;
        CleanupRequest c = r.cleanup() == null ? new CleanupRequest(null, null, null) : r.cleanup();
        if (c.maxAgeDays() != null && (c.maxAgeDays() < 1 || c.maxAgeDays() > 36_500)) {
            throw ProblemException.invalidField("cleanup.maxAgeDays", "must be between 1 and 36500 (days)");
        }
        if (c.minImportance() != null && !(c.minImportance() >= 0 && c.minImportance() <= 1)) {
            throw ProblemException.invalidField("cleanup.minImportance", "must be between 0 and 1");
        }
        if (c.maxAccessCount() != null && c.maxAccessCount() < 0) {
            throw ProblemException.invalidField("cleanup.maxAccessCount", "must be 0 or more");
        }
        CleanupParams clean = cleanupParams(c.maxAgeDays(), c.minImportance(),
                c.maxAccessCount() == null ? config.cleanup().maxAccessCount() : c.maxAccessCount());
        OptimizeResponse result = optimize.optimize(tenant.id(), consolidationParams(r.consolidate(), "consolidate.",
                false), clean, "api");
        URI location = uri.getBaseUriBuilder().path("v1/maintenance/runs").path(result.run().id().toString()).build();
        return Response.created(location).entity(result).build();
    }

    private CleanupParams cleanupParams(Integer maxAgeDays, Double minImportance, int maxAccessCount) {
        return new CleanupParams(maxAgeDays, minImportance == null ? config.cleanup().minImportance() : minImportance,
                maxAccessCount);
    }

    /** The request's values over the configured defaults; {@code prefix} names the body part in problems. */
    private ConsolidationService.Params consolidationParams(ConsolidateRequest body, String prefix, boolean dryRunAllowed) {
        ConsolidationService.Params defaults = consolidation.defaults();
        ConsolidateRequest r = body == null ? new ConsolidateRequest(null, null, null) : body;
        if (r.timeWindowHours() != null && (r.timeWindowHours() < 1 || r.timeWindowHours() > 87_600)) {
            throw ProblemException.invalidField(prefix + "timeWindowHours", "must be between 1 and 87600 (hours)");
        }
        if (r.similarityThreshold() != null && !(r.similarityThreshold() >= 0.5 && r.similarityThreshold() <= 1)) {
            throw ProblemException.invalidField(prefix + "similarityThreshold", "must be between 0.5 and 1");
        }
        if (!dryRunAllowed && Boolean.TRUE.equals(r.dryRun())) {
            throw ProblemException.invalidField(prefix + "dryRun", "is not supported by optimize (VACUUM cannot be "
                    + "previewed); use POST /v1/maintenance/consolidate with dryRun");
        }
        return new ConsolidationService.Params(
                r.timeWindowHours() == null ? defaults.timeWindow() : Duration.ofHours(r.timeWindowHours()),
                r.similarityThreshold() == null ? defaults.similarityThreshold() : r.similarityThreshold(),
                Boolean.TRUE.equals(r.dryRun()));
    }

    @GET
    @Path("/runs")
    @Operation(summary = "Maintenance runs of the tenant, newest first; filter by type (cleanup, decay, consolidation, "
            + "optimize, erasure)")
    public MaintenanceRunPage runs(@QueryParam("type") String type, @QueryParam("cursor") String cursor,
                                   @QueryParam("limit") String limit) {
        if (type != null && !type.isBlank() && !RUN_TYPES.contains(type.trim())) {
            throw Params.invalid("type", "must be one of: cleanup, decay, consolidation, optimize, erasure");
        }
        return runs.list(tenant.id(), type == null || type.isBlank() ? null : type.trim(), cursor,
                Params.intInRange("limit", limit, 20, 1, 100));
    }

    @GET
    @Path("/runs/{id}")
    @Operation(summary = "One maintenance run")
    public MaintenanceRunResponse run(@PathParam("id") String id) {
        return runs.get(tenant.id(), Params.pathId(id));
    }

    private static Response created(MaintenanceRunResponse run, UriInfo uri) {
        URI location = uri.getBaseUriBuilder().path("v1/maintenance/runs").path(run.id().toString()).build();
        return Response.created(location).entity(run).build();
    }
}
