package dev.engram.platform;

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

    public static Response of(ProblemType type, String detail, String instance) {
        return of(type, detail, instance, Map.of(), null);
    }

    public static Response validation(String detail, String instance, List<Violation> violations) {
        return of(ProblemType.VALIDATION_FAILED, detail, instance, Map.of("violations", violations), null);
    }
}
