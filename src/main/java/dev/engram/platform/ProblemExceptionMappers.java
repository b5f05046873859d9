package dev.engram.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every failure into an RFC 9457 problem. Bad input is always a 4xx with a detail a person can act on;
 * unexpected failures are a 500 with a reference id that is logged, never a stack trace or class name.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @jakarta.inject.Inject
    AllowedMethods allowedMethods;

    /**
     * The problem any failure is answered with, chosen as the exception mappers below choose it: for callers outside
     * JAX-RS (the MCP tools), which must give the same answer to the same mistake.
     */
    public Response toResponse(Throwable e, UriInfo uri) {
        Throwable failure = e instanceof IllegalArgumentException && e.getCause() instanceof JsonProcessingException
                ? e.getCause() : e; // ObjectMapper.convertValue wraps what readValue would throw
        if (failure instanceof ProblemException p) {
            return problem(p, uri);
        } else if (failure instanceof ConstraintViolationException c) {
            return constraintViolation(c, uri);
        } else if (failure instanceof JsonTextGuard.InvalidTextException t) {
            return invalidText(t, uri);
        } else if (failure instanceof UnrecognizedPropertyException u) {
            return unknownField(u, uri);
        } else if (failure instanceof InvalidFormatException f) {
            return invalidFormat(f, uri);
        } else if (failure instanceof MismatchedInputException m) {
            return mismatchedInput(m, uri);
        } else if (failure instanceof JsonMappingException m) {
            return jsonMapping(m, uri);
        } else if (failure instanceof JsonProcessingException p) {
            return malformedJson(p, uri);
        }
        return unexpected(failure, uri);
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        if (e.type().status() >= 500) {
            // The cause says why (connection refused, pool exhausted, timeout); it is logged, never sent.
            LOG.warnf("%s: %s (cause: %s)", e.type().slug(), e.getMessage(), e.getCause() == null ? "-" : e.getCause());
        }
        return ProblemResponses.of(e.type(), e.getMessage(), path(uri), e.extensions(), e.retryAfterSeconds());
    }

    @ServerExceptionMapper(priority = 1)
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        return validationFailed(e.getConstraintViolations(), true, uri);
    }

    /** A bean validated by hand (not as a resource method's parameter): its paths start at the bean's own fields. */
    public Response invalidBean(java.util.Set<? extends ConstraintViolation<?>> found, UriInfo uri) {
        return validationFailed(found, false, uri);
    }

    private static Response validationFailed(java.util.Set<? extends ConstraintViolation<?>> found,
                                             boolean methodPaths, UriInfo uri) {
        List<Violation> violations = found.stream()
                .map(v -> violation(v, methodPaths))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        String detail = violations.stream().map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; "));
        return ProblemResponses.validation(detail, path(uri), violations);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidText(JsonTextGuard.InvalidTextException e, UriInfo uri) {
        return ProblemResponses.of(ProblemType.INVALID_TEXT, e.getOriginalMessage(), path(uri));
    }

    @ServerExceptionMapper(priority = 1)
    public Response numberOutOfRange(FiniteNumbers.OutOfRangeException e, UriInfo uri) {
        String field = e.field().isEmpty() ? "body" : e.field();
        String message = "is a number a double cannot hold exactly (" + quote(e.literal()) + "): a number must lie"
                + " within ±1.7976931348623157e308, and one that is not zero at least 4.9e-324 from zero";
        return ProblemResponses.validation(field + " " + message, path(uri), List.of(new Violation(field, "body", message)));
    }

    @ServerExceptionMapper(priority = 1)
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = jsonPath(e);
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        return ProblemResponses.of(ProblemType.UNKNOWN_FIELD,
                "Unknown field '" + field + "'" + (known.isEmpty() ? "" : "; known fields: " + String.join(", ", known)),
                path(uri), Map.of("field", field, "knownFields", known), null);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        String field = jsonPath(e);
        Class<?> target = e.getTargetType();
        String message;
        if (target != null && target.isEnum()) {
            String allowed = Arrays.stream(target.getEnumConstants()).map(String::valueOf)
                    .map(s -> s.toLowerCase()).collect(Collectors.joining(", "));
            message = "must be one of: " + allowed;
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Cannot coerce")) {
            // a scalar of another JSON type ("" or "0.5" for a number, 12345 for a string): JsonTextGuard
            // turns Jackson's coercions off, and this is the same mistake as an object for a number
            message = "has the wrong JSON type" + (target == null ? "" : " (expected " + friendly(target) + ")");
        } else {
            message = "has an invalid value " + quote(e.getValue()) + (target == null ? "" : " (expected " + friendly(target) + ")");
        }
        return ProblemResponses.validation(field + " " + message, path(uri), List.of(new Violation(field, "body", message)));
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return ProblemResponses.of(ProblemType.MALFORMED_JSON,
                    "The request body must be a JSON object of the documented shape", path(uri));
        }
        Class<?> target = e.getTargetType();
        String message = "has the wrong JSON type" + (target == null ? "" : " (expected " + friendly(target) + ")");
        return ProblemResponses.validation(field + " " + message, path(uri), List.of(new Violation(field, "body", message)));
    }

    @ServerExceptionMapper(priority = 1)
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        if (e instanceof FiniteNumbers.OutOfRangeException o) {
            return numberOutOfRange(o, uri);
        }
        if (e.getCause() instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException c) {
            return malformedJson(c, uri);
        }
        String field = jsonPath(e);
        // The original Jackson message names Java classes: never echo it.
        String message = "has an invalid value";
        if (field.isEmpty()) {
            return ProblemResponses.of(ProblemType.MALFORMED_JSON,
                    "The request body could not be read as the documented JSON object", path(uri));
        }
        return ProblemResponses.validation(field + " " + message, path(uri), List.of(new Violation(field, "body", message)));
    }

    @ServerExceptionMapper(priority = 2)
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String original = e.getOriginalMessage();
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            // Jackson's message names its own classes: say what the limit is about instead
            return ProblemResponses.of(ProblemType.MALFORMED_JSON, "The request body exceeds a JSON limit: "
                    + streamLimit(original) + where, path(uri));
        }
        if (original != null && original.startsWith("Duplicate field ")) {
            // STRICT_DUPLICATE_DETECTION (JsonTextGuard): which of two values would win is not obvious to a caller
            return ProblemResponses.of(ProblemType.MALFORMED_JSON, "The request body names the field "
                    + original.substring("Duplicate field ".length()) + " twice" + where, path(uri));
        }
        return ProblemResponses.of(ProblemType.MALFORMED_JSON, "The request body is not valid JSON" + where, path(uri));
    }

    private static final java.util.regex.Pattern ALLOWED = java.util.regex.Pattern.compile("maximum allowed \\((\\d+)");

    /**
     * Which of the stream limits JsonTextGuard configures (or Jackson defaults) a body exceeded, from the message of
     * Jackson's StreamConstraintsException (it has no other way to tell them apart), in words without class names.
     */
    static String streamLimit(String message) {
        String m = message == null ? "" : message;
        java.util.regex.Matcher allowed = ALLOWED.matcher(m);
        String max = allowed.find() ? allowed.group(1) : null;
        if (m.startsWith("Number value length")) {
            return max == null ? "a number has too many digits" : "a number has at most " + max + " digits";
        }
        if (m.startsWith("Name length")) {
            return max == null ? "a field name is too long" : "a field name is at most " + max + " characters long";
        }
        if (m.startsWith("String value length")) {
            return max == null ? "a string is too long" : "a string is at most " + max + " characters long";
        }
        if (m.startsWith("BigDecimal scale")) {
            return max == null ? "a number's exponent is too large"
                    : "a number's exponent is at most " + max + " in magnitude";
        }
        if (m.startsWith("Document nesting depth")) {
            return "objects and arrays nest at most engram.limits.max-json-depth levels deep";
        }
        return "the document is too large to read"; // document length, token count: not configured today
    }

    @ServerExceptionMapper(priority = 1)
    public Response notFound(NotFoundException e, UriInfo uri, jakarta.ws.rs.core.Request request) {
        // The router answers 404 for a path that a resource does serve, with another method, when a second root
        // class shares the prefix (/v1): that is a 405
        String allow = allowedMethods.allow(uri.getPath()).orElse(null);
        if (allow != null && !List.of(allow.split(", ")).contains(request.getMethod())) {
            return Response.fromResponse(ProblemResponses.of(ProblemType.METHOD_NOT_ALLOWED,
                    "This method is not allowed on " + path(uri), path(uri))).header("Allow", allow).build();
        }
        return ProblemResponses.of(ProblemType.NOT_FOUND, "No resource at " + path(uri), path(uri));
    }

    @ServerExceptionMapper(priority = 1)
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Response r = ProblemResponses.of(ProblemType.METHOD_NOT_ALLOWED,
                "This method is not allowed on " + path(uri), path(uri));
        String allow = e.getResponse().getHeaderString("Allow"); // the router's own exception carries none
        if (allow == null) {
            allow = allowedMethods.allow(uri.getPath()).orElse(null);
        }
        return allow == null ? r : Response.fromResponse(r).header("Allow", allow).build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response requestBody(RequestBodyException e, UriInfo uri) {
        return problem(e.problem(), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response notSupported(NotSupportedException e, UriInfo uri) {
        String types = path(uri).equals("/v1/import") ? "application/json or application/x-ndjson" : "application/json";
        return ProblemResponses.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the request body as " + types, path(uri));
    }

    @ServerExceptionMapper(priority = 1)
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return ProblemResponses.of(ProblemType.NOT_ACCEPTABLE,
                "This resource answers with application/json", path(uri));
    }

    @ServerExceptionMapper(priority = 3)
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyException r) {
                return requestBody(r, uri);
            }
            if (cause instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException c) {
                return malformedJson(c, uri);
            }
            if (cause instanceof JsonTextGuard.InvalidTextException t) {
                return invalidText(t, uri);
            }
            if (cause instanceof FiniteNumbers.OutOfRangeException o) {
                return numberOutOfRange(o, uri);
            }
            if (cause instanceof UnrecognizedPropertyException u) {
                return unknownField(u, uri);
            }
            if (cause instanceof InvalidFormatException f) {
                return invalidFormat(f, uri);
            }
            if (cause instanceof MismatchedInputException m) {
                return mismatchedInput(m, uri);
            }
            if (cause instanceof JsonMappingException m) {
                return jsonMapping(m, uri);
            }
            if (cause instanceof JsonProcessingException p) {
                return malformedJson(p, uri);
            }
        }
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return ProblemResponses.of(ProblemType.CONTENT_TOO_LARGE, "The request body is too large", path(uri));
        }
        if (status >= 400 && status < 500) {
            return ProblemResponses.of(ProblemType.INVALID_PARAMETER, "The request is invalid: " + firstLine(e.getMessage()),
                    path(uri));
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper(priority = 10)
    public Response unexpected(Throwable e, UriInfo uri) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof jakarta.persistence.OptimisticLockException
                    || cause instanceof org.hibernate.StaleStateException) {
                // a write that loaded its row without the row lock finds it changed or gone at flush (a safety net:
                // the PATCHes lock their row before reading it)
                // nothing was written: Retry-After marks it retryable (an Idempotency-Key is released, not bound to it)
                return ProblemResponses.of(ProblemType.CONFLICT, "The resource was changed or removed by a"
                        + " concurrent request; fetch it again and retry", path(uri), Map.of(), 1);
            }
        }
        ProblemException translated = DatabaseFailures.translate(e);
        if (translated != null) {
            return problem(translated, uri);
        }
        if (DatabaseFailures.isLockConflict(e)) {
            // PostgreSQL aborted this request's transaction (deadlock or serialization failure) for a concurrent one:
            // nothing of it was written, and the same request can be sent again
            return ProblemResponses.of(ProblemType.CONFLICT, "The request collided with a concurrent one and changed"
                    + " nothing; send it again", path(uri), Map.of(), 1);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, reference %s", reference);
        return ProblemResponses.of(ProblemType.INTERNAL_ERROR,
                "An unexpected error occurred; quote reference " + reference + " to the operator", path(uri),
                Map.of("reference", reference), null);
    }

    private static Violation violation(ConstraintViolation<?> v, boolean methodPath) {
        String raw = v.getPropertyPath().toString();
        if (!methodPath) {
            return new Violation(raw, "body", v.getMessage());
        }
        // Method validation paths look like "create.request.content": drop the method and parameter names.
        String[] parts = raw.split("\\.");
        String field = parts.length > 2 ? String.join(".", Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
        return new Violation(field, "body", v.getMessage());
    }

    private static String jsonPath(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                parts.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                int last = parts.size() - 1;
                if (last >= 0) {
                    parts.set(last, parts.get(last) + "[" + ref.getIndex() + "]");
                } else {
                    parts.add("[" + ref.getIndex() + "]");
                }
            }
        }
        return String.join(".", parts);
    }

    private static String friendly(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return "an ISO-8601 timestamp between the years 1 and 9999, such as 2026-01-31T10:15:30Z";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        return "a value of the documented shape";
    }

    private static String quote(Object value) {
        String s = String.valueOf(value);
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
