package dev.engram.platform;

import java.net.URI;

/**
 * Every problem type Engram answers with (RFC 9457). The {@code type} URIs are stable identifiers documented in
 * {@code docs/problems.md}; the titles never change with the occurrence, the {@code detail} does.
 */
public enum ProblemType {
    MALFORMED_JSON("malformed-json", 400, "Malformed JSON"),
    INVALID_TEXT("invalid-text", 400, "Invalid text"),
    UNKNOWN_FIELD("unknown-field", 400, "Unknown field"),
    VALIDATION_FAILED("validation-failed", 400, "Validation failed"),
    INVALID_PARAMETER("invalid-parameter", 400, "Invalid parameter"),
    UNKNOWN_MEMORY_TYPE("unknown-memory-type", 400, "Unknown memory type"),
    UNKNOWN_CONTEXT("unknown-context", 400, "Unknown context"),
    UNKNOWN_MEMORY("unknown-memory", 400, "Unknown memory"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Insufficient scope"),
    NOT_FOUND("not-found", 404, "Resource not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    CONFLICT("conflict", 409, "Conflict"),
    IDEMPOTENCY_KEY_IN_PROGRESS("idempotency-key-in-progress", 409, "Idempotency key in progress"),
    SECRET_SHOWN_ONCE("secret-shown-once", 409, "Secret shown once"),
    PRECONDITION_FAILED("precondition-failed", 412, "Precondition failed"),
    CONTENT_TOO_LARGE("content-too-large", 413, "Content too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency key reused"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    EMBEDDING_UNAVAILABLE("embedding-unavailable", 503, "Embedding model unavailable"),
    DATABASE_UNAVAILABLE("database-unavailable", 503, "Database unavailable"),
    SHORT_TERM_UNAVAILABLE("short-term-unavailable", 503, "Short-term store unavailable"),
    INTERNAL_ERROR("internal-error", 500, "Internal error");

    /** Base of every type URI; the slug is appended. */
    public static final String BASE = "https://engram.dev/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
