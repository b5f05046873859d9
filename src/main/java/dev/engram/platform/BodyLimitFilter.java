package dev.engram.platform;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;

/**
 * Refuses a body over {@code engram.limits.max-body-bytes} on every route not marked {@link LargeBody}, from its
 * {@code Content-Length}, before authentication and before anything parses it. A body without a length (chunked)
 * or with a content coding ({@code Content-Encoding: gzip}, {@code deflate}) is bounded as it is read instead
 * ({@link BoundedBody}): the limit holds for the decompressed bytes, {@code engram.limits.max-body-bytes} on ordinary
 * routes and {@code quarkus.http.limits.max-body-size} on {@link LargeBody} routes (the HTTP layer checks only the
 * compressed bytes against the latter).
 */
public class BodyLimitFilter {

    private static final String BOUNDED = BodyLimitFilter.class.getName() + ".bounded";

    private final LimitsConfig limits;
    private final long maxBodySize;

    BodyLimitFilter(LimitsConfig limits, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.limits = limits;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    /**
     * Wraps a body without a length, or with a content coding, in a {@link BoundedBody}, once. After RESTEasy has
     * read the body off the network ({@code readBody}), so that an endpoint served on the event loop (session
     * appends) never waits for the network there: wrapping the raw stream before (as this filter once did) made such
     * an endpoint read a chunked or compressed body that had not fully arrived on the event loop, a 500. Every other
     * filter that reads the body calls this first ({@code IdempotencyFilter} hashes the decoded body): RESTEasy runs
     * its {@code readBody} filters in an order of its own, not by priority.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100, readBody = true)
    public void bound(ContainerRequestContext request, ResourceInfo resource) {
        if (request.getProperty(BOUNDED) != null) {
            return;
        }
        request.setProperty(BOUNDED, Boolean.TRUE);
        boolean large = large(resource);
        String coding;
        try {
            coding = ContentCodings.of(request.getHeaderString(HttpHeaders.CONTENT_ENCODING));
        } catch (IllegalArgumentException e) {
            coding = null; // RequestGuard refused the body already; a request without one has nothing to decode
        }
        String header = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        // without Content-Length (chunked; HTTP/2 needs no header) a POST, PUT or PATCH may carry a body of any length
        boolean unbounded = header == null && (request.getHeaderString("Transfer-Encoding") != null
                || java.util.Set.of("POST", "PUT", "PATCH").contains(request.getMethod()));
        boolean hasBody = unbounded || (header != null && !header.trim().equals("0"));
        if (hasBody && (coding != null || (unbounded && !large))) {
            request.setEntityStream(new BoundedBody(request.getEntityStream(), coding,
                    large ? maxBodySize : limits.maxBodyBytes()));
        }
    }

    /** A declared length over the route's limit is refused before authentication and before a byte is read. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public Response check(ContainerRequestContext request, ResourceInfo resource) {
        boolean large = large(resource);
        String header = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (header == null || large) {
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

    private static boolean large(ResourceInfo resource) {
        return resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(LargeBody.class);
    }
}
