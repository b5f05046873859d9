package dev.engram.memory;

import dev.engram.memory.api.BatchCreateMemoriesRequest;
import dev.engram.memory.api.BatchCreateMemoriesResponse;
import dev.engram.memory.api.CreateMemoryRequest;
import dev.engram.memory.api.MemoryFilter;
import dev.engram.memory.api.MemoryPage;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.memory.api.MemoryRevisionPage;
import dev.engram.memory.api.UpdateMemoryRequest;
import dev.engram.platform.Params;
import dev.engram.tenant.CurrentTenant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import java.util.UUID;

@Path("/v1/memories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Memories")
public class MemoryResource {

    private final MemoryService reads;
    private final MemoryWriteService writes;
    private final MemoryUpdateService updates;
    private final CurrentTenant tenant;

    MemoryResource(MemoryService reads, MemoryWriteService writes, MemoryUpdateService updates, CurrentTenant tenant) {
        this.reads = reads;
        this.writes = writes;
        this.updates = updates;
        this.tenant = tenant;
    }

    @POST
    @Operation(summary = "Store one memory (embedded synchronously)")
    public Response create(@Valid @NotNull CreateMemoryRequest request, UriInfo uri) {
        MemoryResponse created = writes.create(tenant.id(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .tag(etag(created)).entity(created).build();
    }

    @POST
    @Path("/batch")
    @dev.engram.platform.LargeBody
    @Operation(summary = "Store up to 1000 memories in one transaction, embedded in batches")
    public Response createBatch(@Valid @NotNull BatchCreateMemoriesRequest request) {
        BatchCreateMemoriesResponse created = writes.createBatch(tenant.id(), request.memories());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Operation(summary = "List memories, newest first, with filters and cursor pagination")
    public MemoryPage list(@QueryParam("type") List<String> types, @QueryParam("contextId") String contextId,
                           @QueryParam("userId") String userId, @QueryParam("agentId") String agentId,
                           @QueryParam("validationStatus") String validationStatus,
                           @QueryParam("minImportance") String minImportance,
                           @QueryParam("since") String since, @QueryParam("until") String until,
                           @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        MemoryFilter filter = new MemoryFilter(Params.list(types), Params.uuid("contextId", contextId), userId, agentId,
                status(validationStatus), Params.fraction("minImportance", minImportance),
                Params.instant("since", since), Params.instant("until", until));
        return reads.list(tenant.id(), filter, cursor, Params.intInRange("limit", limit, 20, 1, 100));
    }

    @GET
    @Path("/recent")
    @Operation(summary = "Memories whose event time (occurredAt) lies within the last hours, newest first")
    public List<MemoryResponse> recent(@QueryParam("hours") String hours, @QueryParam("types") List<String> types,
                                       @QueryParam("limit") String limit) {
        return reads.recent(tenant.id(), Params.intInRange("hours", hours, 24, 1, 24 * 366), Params.list(types),
                Params.intInRange("limit", limit, 50, 1, 100));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one memory; the ETag carries its version for If-Match")
    public Response get(@PathParam("id") String id) {
        MemoryResponse memory = reads.get(tenant.id(), Params.pathId(id));
        return Response.ok(memory).tag(etag(memory)).build();
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a memory; with If-Match a concurrent change answers 412")
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
                           @Valid @NotNull UpdateMemoryRequest request) {
        MemoryResponse updated = updates.update(tenant.id(), Params.pathId(id), request, Params.ifMatchVersion(ifMatch));
        return Response.ok(updated).tag(etag(updated)).build();
    }

    @GET
    @Path("/{id}/revisions")
    @Operation(summary = "A memory's earlier versions, newest first: each as it was before a PATCH changed it")
    public MemoryRevisionPage revisions(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                        @QueryParam("limit") String limit) {
        return reads.revisions(tenant.id(), Params.pathId(id), cursor, Params.intInRange("limit", limit, 20, 1, 100));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a memory")
    public Response delete(@PathParam("id") String id) {
        writes.delete(tenant.id(), Params.pathId(id));
        return Response.noContent().build();
    }

    private static EntityTag etag(MemoryResponse m) {
        return new EntityTag(Long.toString(m.version()));
    }

    private static ValidationStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ValidationStatus.fromJson(value.trim());
        } catch (IllegalArgumentException e) {
            throw Params.invalid("validationStatus", "must be one of: unvalidated, validated, disputed, rejected");
        }
    }
}
