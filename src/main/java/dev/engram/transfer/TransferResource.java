package dev.engram.transfer;

import dev.engram.platform.Params;
import dev.engram.tenant.CurrentTenant;
import dev.engram.tenant.RequiresScope;
import dev.engram.tenant.Scope;
import dev.engram.transfer.api.ImportReport;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

@Path("/v1")
@Tag(name = "Export and import")
public class TransferResource {

    static final String NDJSON = "application/x-ndjson";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ExportService exports;
    private final ImportService imports;
    private final CurrentTenant tenant;
    private final Clock clock;

    TransferResource(ExportService exports, ImportService imports, CurrentTenant tenant, Clock clock) {
        this.exports = exports;
        this.imports = imports;
        this.tenant = tenant;
        this.clock = clock;
    }

    @GET
    @Path("/export")
    @Produces({NDJSON, MediaType.APPLICATION_JSON, "text/csv"})
    // gzip or deflate when the client accepts it: a whole tenant, often leaving the cluster; compressed chunk by chunk
    // as it is written, so it still streams. The only compressed answer (application.properties, "HTTP").
    @io.quarkus.vertx.http.Compressed
    @RequiresScope(Scope.READ)
    @Operation(summary = "Stream everything of the tenant: memory types, contexts, memories (embeddings=true|false), "
            + "associations, knowledge entries with their versions, learning patterns, experiences; format ndjson "
            + "(default), json, or csv (memories only); without format, the Accept header picks one. Read from one snapshot, never held in memory as a whole")
    public Response export(@QueryParam("format") String format, @QueryParam("embeddings") String embeddings,
                           @jakarta.ws.rs.core.Context HttpHeaders headers) {
        ExportFormat f = format != null && !format.isBlank() ? ExportFormat.parse(format)
                : ExportFormat.negotiate(acceptable(headers));
        Boolean withVectors = Params.bool("embeddings", embeddings);
        boolean vectors = withVectors == null ? f.embeddingsByDefault() : withVectors;
        String tenantId = tenant.id();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StreamingOutput body = out -> {
            try {
                exports.write(tenantId, f, vectors, now, out);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw e; // a record that cannot be written is a bug, not the client's doing
            } catch (java.io.IOException e) {
                // the client went away (closed the connection, timed out) while the export streamed: nothing to answer
                // and nothing broken here, so one line, not an "Unexpected failure" with a stack trace
                org.jboss.logging.Logger.getLogger(TransferResource.class).infof(
                        "Export of tenant %s stopped: the client closed the connection (%s)", tenantId, e.getMessage());
            }
        };
        return Response.ok(body, f.mediaType())
                .header("Content-Disposition", "attachment; filename=\"engram-" + tenantId + "-" + FILE_TIME.format(now)
                        + "." + f.extension() + "\"")
                .build();
    }

    /** The client's Accept, most preferred first; one the router let through but that does not parse is none. */
    private static java.util.List<MediaType> acceptable(HttpHeaders headers) {
        try {
            return headers.getAcceptableMediaTypes();
        } catch (IllegalArgumentException unparseable) {
            return java.util.List.of();
        }
    }

    @POST
    @Path("/import")
    @dev.engram.platform.LargeBody
    @Consumes({NDJSON, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.WRITE)
    @Operation(summary = "Restore an export (NDJSON or JSON) into the tenant with original ids and timestamps: existing "
            + "ids are skipped (re-importing changes nothing), records that cannot be imported are reported with "
            + "their line, missing or foreign vectors are computed again. dryRun=true reports without keeping anything")
    public ImportReport importBody(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                   @QueryParam("dryRun") String dryRun) {
        boolean json = contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        return imports.importBody(tenant.id(), body, json, Boolean.TRUE.equals(Params.bool("dryRun", dryRun)));
    }
}
