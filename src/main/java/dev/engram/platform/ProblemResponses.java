package dev.engram.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Builds {@code application/problem+json} responses; the only place that turns a problem into HTTP. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(ProblemType type, String detail, String instance, Map<String, Object> extensions,
                              Integer retryAfterSeconds) {
        Response.ResponseBuilder builder = Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(type, detail, instance, extensions));
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", retryAfterSeconds);
        }
        if (type == ProblemType.UNAUTHORIZED) {
            builder.header("WWW-Authenticate", "Bearer realm=\"engram\"");
        }
        return builder.build();
    }

    /**
     * The same answer written to a Vert.x route that JAX-RS does not serve (the request guard, /q/metrics): the
     * same body and the same headers as {@link #of(ProblemType, String, String, Map, Integer)}.
     */
    public static void send(RoutingContext ctx, ObjectMapper json, ProblemType type, String detail, String instance,
                            Map<String, Object> extensions, Integer retryAfterSeconds) {
        String body;
        try {
            body = json.writeValueAsString(Problem.of(type, detail, instance, extensions));
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + type.status() + "}";
        }
        HttpServerResponse response = ctx.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                // answered before Quarkus marks responses as not to be compressed: a problem is small, never compressed
                .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        if (retryAfterSeconds != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds.toString());
        }
        if (type == ProblemType.UNAUTHORIZED) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"engram\"");
        }
        response.end(body);
    }

    public static Response of(ProblemType type, String detail, String instance) {
        return of(type, detail, instance, Map.of(), null);
    }

    public static Response validation(String detail, String instance, List<Violation> violations) {
        return of(ProblemType.VALIDATION_FAILED, detail, instance, Map.of("violations", violations), null);
    }
}
