package dev.engram.insight;

import dev.engram.insight.api.MemoryHealthResponse;
import dev.engram.tenant.CurrentTenant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/health/memory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Insight")
public class HealthResource {

    private final HealthService health;
    private final CurrentTenant tenant;

    HealthResource(HealthService health, CurrentTenant tenant) {
        this.health = health;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "Health score 0..100 of the tenant's memory with named issues (expired not cleaned, "
            + "retention overdue, duplicates, stale embeddings, capacity pressure) and suggested actions")
    public MemoryHealthResponse health() {
        return health.assess(tenant.id());
    }
}
