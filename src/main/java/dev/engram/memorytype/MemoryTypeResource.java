package dev.engram.memorytype;

import dev.engram.memorytype.api.CreateMemoryTypeRequest;
import dev.engram.memorytype.api.MemoryTypeResponse;
import dev.engram.memorytype.api.UpdateMemoryTypeRequest;
import dev.engram.tenant.CurrentTenant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/v1/memory-types")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Memory types")
public class MemoryTypeResource {

    private final MemoryTypeService service;
    private final CurrentTenant tenant;

    MemoryTypeResource(MemoryTypeService service, CurrentTenant tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "List the memory types of the tenant (built-in and custom)")
    public List<MemoryTypeResponse> list() {
        return service.list(tenant.id());
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "Get one memory type")
    public MemoryTypeResponse get(@PathParam("code") String code) {
        return service.get(tenant.id(), code);
    }

    @POST
    @Operation(summary = "Create a custom memory type")
    public Response create(@Valid @NotNull CreateMemoryTypeRequest request, UriInfo uri) {
        MemoryTypeResponse created = service.create(tenant.id(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.code()).build()).entity(created).build();
    }

    @PATCH
    @Path("/{code}")
    @Operation(summary = "Change a memory type (a built-in type gets a tenant override)")
    public MemoryTypeResponse update(@PathParam("code") String code, @Valid @NotNull UpdateMemoryTypeRequest request) {
        return service.update(tenant.id(), code, request);
    }

    @DELETE
    @Path("/{code}")
    @Operation(summary = "Delete a custom type or a tenant override; in-use custom types cannot be deleted")
    public Response delete(@PathParam("code") String code) {
        service.delete(tenant.id(), code);
        return Response.noContent().build();
    }
}
