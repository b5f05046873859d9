package dev.engram.insight;

import dev.engram.insight.api.RetrievalStatsResponse;
import dev.engram.insight.api.StatsResponse;
import dev.engram.platform.Params;
import dev.engram.tenant.CurrentTenant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Insight")
public class StatsResource {

    private final StatsService stats;
    private final CurrentTenant tenant;

    StatsResource(StatsService stats, CurrentTenant tenant) {
        this.stats = stats;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "Totals, type distribution, average importance, largest users/agents/contexts, growth per "
            + "day over the last `days` (default 30), storage")
    public StatsResponse stats(@QueryParam("days") String days, @QueryParam("top") String top) {
        return stats.stats(tenant.id(), Params.intInRange("days", days, 30, 1, 366),
                Params.intInRange("top", top, 10, 1, 100));
    }

    @GET
    @Path("/retrieval")
    @Operation(summary = "Retrievals, average top-hit score, latency p50/p95 and query-embedding cache hit ratio of "
            + "the tenant, counted in the answering pod since its start")
    public RetrievalStatsResponse retrieval() {
        return stats.retrieval(tenant.id());
    }
}
