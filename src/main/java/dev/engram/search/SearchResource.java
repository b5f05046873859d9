package dev.engram.search;

import dev.engram.search.api.SearchMemoriesRequest;
import dev.engram.search.api.SearchMemoriesResponse;
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

@Path("/v1/memories/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
public class SearchResource {

    private final SearchService search;
    private final CurrentTenant tenant;

    SearchResource(SearchService search, CurrentTenant tenant) {
        this.search = search;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Semantic, keyword or hybrid search with a composite score (relevance, recency, frequency, importance)")
    @RequiresScope(Scope.READ)
    public SearchMemoriesResponse search(@Valid @NotNull SearchMemoriesRequest request) {
        return search.search(tenant.id(), request);
    }
}
