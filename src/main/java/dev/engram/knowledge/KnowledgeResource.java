package dev.engram.knowledge;

import dev.engram.knowledge.api.KnowledgePage;
import dev.engram.tenant.RequiresScope;
import dev.engram.tenant.Scope;
import dev.engram.knowledge.api.KnowledgeRequest;
import dev.engram.knowledge.api.KnowledgeResponse;
import dev.engram.knowledge.api.KnowledgeVersionPage;
import dev.engram.knowledge.api.SearchKnowledgeRequest;
import dev.engram.knowledge.api.SearchKnowledgeResponse;
import dev.engram.platform.Params;
import dev.engram.tenant.CurrentTenant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/v1/knowledge")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Knowledge base")
public class KnowledgeResource {

    private final KnowledgeService knowledge;
    private final KnowledgeSearchService search;
    private final CurrentTenant tenant;

    KnowledgeResource(KnowledgeService knowledge, KnowledgeSearchService search, CurrentTenant tenant) {
        this.knowledge = knowledge;
        this.search = search;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Create a knowledge entry (version 1); categories and tags are derived when not given")
    public Response create(@Valid @NotNull KnowledgeRequest request, UriInfo uri) {
        KnowledgeResponse created = knowledge.create(tenant.id(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .tag(etag(created)).entity(created).build();
    }

    @GET
    @Operation(summary = "List knowledge entries, newest first, with filters and cursor pagination")
    public KnowledgePage list(@QueryParam("domain") String domain, @QueryParam("knowledgeType") String knowledgeType,
                              @QueryParam("tag") List<String> tags, @QueryParam("active") String active,
                              @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        var filter = new KnowledgeQueryRepository.Filter(blankToNull(domain), blankToNull(knowledgeType),
                Params.list(tags), Params.bool("active", active));
        return knowledge.list(tenant.id(), filter, cursor, Params.intInRange("limit", limit, 20, 1, 100));
    }

    @POST
    @Path("/search")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Semantic (query) and tag search over active entries, with domain and type filters")
    public SearchKnowledgeResponse search(@Valid @NotNull SearchKnowledgeRequest request) {
        return search.search(tenant.id(), request);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a knowledge entry; the ETag carries its version for If-Match")
    public Response get(@PathParam("id") String id) {
        KnowledgeResponse entry = knowledge.get(tenant.id(), Params.pathId(id));
        return Response.ok(entry).tag(etag(entry)).build();
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a knowledge entry as a new version; with If-Match a stale version answers 412")
    public Response replace(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
                            @Valid @NotNull KnowledgeRequest request) {
        KnowledgeResponse updated = knowledge.replace(tenant.id(), Params.pathId(id), request, Params.ifMatchVersion(ifMatch));
        return Response.ok(updated).tag(etag(updated)).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a knowledge entry with its version history")
    public Response delete(@PathParam("id") String id) {
        knowledge.delete(tenant.id(), Params.pathId(id));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/versions")
    @Operation(summary = "An entry's version history, newest first")
    public KnowledgeVersionPage versions(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                         @QueryParam("limit") String limit) {
        return knowledge.versions(tenant.id(), Params.pathId(id), cursor, Params.intInRange("limit", limit, 50, 1, 200));
    }

    private static EntityTag etag(KnowledgeResponse k) {
        return new EntityTag(Long.toString(k.version()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
