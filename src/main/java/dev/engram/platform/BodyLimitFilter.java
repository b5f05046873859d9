package dev.engram.platform;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;

/**
 * Refuses a body over {@code engram.limits.max-body-bytes} on every route not marked {@link LargeBody}, from its
 * {@code Content-Length}, before authentication and before anything parses it. (A chunked body without a length is
 * bounded by {@code quarkus.http.limits.max-body-size}, which the HTTP layer enforces for every request.)
 */
public class BodyLimitFilter {

    private final LimitsConfig limits;

    BodyLimitFilter(LimitsConfig limits) {
        this.limits = limits;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public Response check(ContainerRequestContext request, ResourceInfo resource) {
        String header = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (header == null || (resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(LargeBody.class))) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null; // the HTTP layer rejects a malformed Content-Length itself
        }
        if (length <= limits.maxBodyBytes()) {
            return null;
        }
        return ProblemResponses.of(ProblemType.CONTENT_TOO_LARGE, "The request body has " + length
                        + " bytes; this endpoint accepts at most " + limits.maxBodyBytes(),
                "/" + request.getUriInfo().getPath().replaceFirst("^/", ""),
                Map.of("limitBytes", limits.maxBodyBytes(), "actualBytes", length), null);
    }
}
