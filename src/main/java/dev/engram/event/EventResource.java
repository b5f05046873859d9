package dev.engram.event;

import dev.engram.tenant.CurrentTenant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/events")
@Tag(name = "Events")
public class EventResource {

    private final EventHub hub;
    private final CurrentTenant tenant;

    EventResource(EventHub hub, CurrentTenant tenant) {
        this.hub = hub;
        this.tenant = tenant;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-Sent Events of the tenant: memory_stored, memory_updated, memory_deleted, "
            + "memory_retrieved, cleanup_completed; Last-Event-ID (or ?lastEventId=) replays what was missed")
    public void stream(@Context SseEventSink sink, @Context Sse sse, @HeaderParam("Last-Event-ID") String lastEventId,
                       @QueryParam("lastEventId") String lastEventIdParam) {
        String resumeFrom = lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim()
                : lastEventIdParam == null || lastEventIdParam.isBlank() ? null : lastEventIdParam.trim();
        hub.open(tenant.id(), sink, sse, resumeFrom);
    }
}
