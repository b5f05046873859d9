package dev.engram.platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An expected failure that becomes an RFC 9457 problem response. Services throw it with a {@link ProblemType},
 * a detail a person can act on, and optional extension members (e.g. {@code memoryId}).
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> extensions;
    private final Integer retryAfterSeconds;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of(), null, null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> extensions) {
        this(type, detail, extensions, null, null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> extensions,
                            Integer retryAfterSeconds, Throwable cause) {
        super(detail, cause);
        this.type = type;
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " " + id + " does not exist",
                Map.of(idMember(what), String.valueOf(id)));
    }

    /** {@code validation-failed} for one body field: detail "{field} {message}". */
    public static ProblemException invalidField(String field, String message) {
        return withViolation(ProblemType.VALIDATION_FAILED, field + " " + message, new Violation(field, "body", message));
    }

    /** A problem carrying one violation, e.g. {@code invalid-parameter} for a path or query parameter. */
    public static ProblemException withViolation(ProblemType type, String detail, Violation violation) {
        return new ProblemException(type, detail, Map.of("violations", java.util.List.of(violation)));
    }

    private static String idMember(String what) {
        String[] words = what.trim().split("\\s+");
        StringBuilder sb = new StringBuilder(words[0].toLowerCase());
        for (int i = 1; i < words.length; i++) {
            sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1).toLowerCase());
        }
        return sb.append("Id").toString();
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
