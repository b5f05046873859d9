package dev.engram.tenant;

import dev.engram.platform.Params;
import dev.engram.tenant.api.ApiKeyResponse;
import dev.engram.tenant.api.CreateApiKeyRequest;
import dev.engram.tenant.api.CreateTenantRequest;
import dev.engram.tenant.api.TenantResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

@Path("/v1/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: tenants and API keys")
public class AdminResource {

    private final TenantService tenants;
    private final CurrentTenant caller;

    AdminResource(TenantService tenants, CurrentTenant caller) {
        this.tenants = tenants;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Create a tenant (operator's admin key only)")
    public Response create(@Valid @NotNull CreateTenantRequest request) {
        TenantResponse created = tenants.create(caller.principal(), request);
        return Response.created(URI.create("/v1/admin/tenants/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(summary = "Tenants in id order (operator's admin key only)")
    public List<TenantResponse> list(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        return tenants.list(caller.principal(), after, Params.intInRange("limit", limit, 100, 1, 1000));
    }

    @GET
    @Path("/{tenantId}")
    @Operation(summary = "A tenant")
    public TenantResponse get(@PathParam("tenantId") String tenantId) {
        return tenants.get(caller.principal(), tenantId);
    }

    @DELETE
    @Path("/{tenantId}")
    @Operation(summary = "Deactivate a tenant: its keys stop working at once (operator's admin key only)")
    public Response deactivate(@PathParam("tenantId") String tenantId) {
        tenants.deactivate(caller.principal(), tenantId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{tenantId}/keys")
    @Operation(summary = "Create an API key; the key is in this answer only and is never shown again")
    public Response createKey(@PathParam("tenantId") String tenantId, @Valid @NotNull CreateApiKeyRequest request) {
        ApiKeyResponse created = tenants.createKey(caller.principal(), tenantId, request);
        return Response.created(URI.create("/v1/admin/tenants/" + tenantId + "/keys/" + created.id()))
                .entity(created).build();
    }

    @GET
    @Path("/{tenantId}/keys")
    @Operation(summary = "The tenant's API keys (without secrets)")
    public List<ApiKeyResponse> keys(@PathParam("tenantId") String tenantId) {
        return tenants.keys(caller.principal(), tenantId);
    }

    @DELETE
    @Path("/{tenantId}/keys/{keyId}")
    @Operation(summary = "Revoke an API key, with immediate effect on every pod")
    public Response revoke(@PathParam("tenantId") String tenantId, @PathParam("keyId") String keyId) {
        tenants.revokeKey(caller.principal(), tenantId, Params.pathId("keyId", keyId));
        return Response.noContent().build();
    }
}
