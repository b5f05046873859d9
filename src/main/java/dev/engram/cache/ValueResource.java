package dev.engram.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.cache.api.StoredValueResponse;
import dev.engram.tenant.CurrentTenant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/cache/{key}} — request cache, default TTL 5 minutes — and {@code /v1/temp/{key}} — temporary storage,
 * default TTL 30 minutes. Values are any JSON; {@code ttlSeconds} sets the lifetime within bounds.
 */
@Path("/v1/{namespace: cache|temp}/{key: .+}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Request cache and temporary storage (short-term)")
public class ValueResource {

    private final ValueStoreService values;
    private final CurrentTenant tenant;

    ValueResource(ValueStoreService values, CurrentTenant tenant) {
        this.values = values;
        this.tenant = tenant;
    }

    @PUT
    @Operation(summary = "Store any JSON value under a key")
    public StoredValueResponse put(@PathParam("namespace") String namespace, @PathParam("key") String key,
                                   @QueryParam("ttlSeconds") String ttl, JsonNode value) {
        return values.put(tenant.id(), ns(namespace), key, value, ttl);
    }

    @GET
    @Operation(summary = "Read a value and its remaining TTL")
    public StoredValueResponse get(@PathParam("namespace") String namespace, @PathParam("key") String key) {
        return values.get(tenant.id(), ns(namespace), key);
    }

    @DELETE
    @Operation(summary = "Remove a value")
    public Response delete(@PathParam("namespace") String namespace, @PathParam("key") String key) {
        values.delete(tenant.id(), ns(namespace), key);
        return Response.noContent().build();
    }

    private static Namespace ns(String namespace) {
        return "cache".equals(namespace) ? Namespace.CACHE : Namespace.TEMP;
    }
}
