package dev.engram.platform;

import java.io.IOException;
import java.util.Map;

/**
 * A request body that cannot be read as sent: it inflates beyond the route's limit, or its content coding does not
 * decode. An {@link IOException}, so that it passes unchanged through the JSON parser and every reader of the body
 * stream; it becomes the problem it carries ({@link ProblemExceptionMappers}).
 */
public final class RequestBodyException extends IOException {

    private final transient ProblemException problem;

    RequestBodyException(ProblemType type, String detail, Map<String, Object> extensions, Throwable cause) {
        super(detail, cause);
        this.problem = new ProblemException(type, detail, extensions);
    }

    public ProblemException problem() {
        return problem;
    }

    /** The first {@link RequestBodyException} in the cause chain or among the suppressed exceptions, else null. */
    public static RequestBodyException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyException r) {
                return r;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof RequestBodyException r) {
                    return r;
                }
            }
        }
        return null;
    }
}
