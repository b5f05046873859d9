package dev.engram.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.idempotency.IdempotencyRepository.Claim;
import dev.engram.idempotency.IdempotencyRepository.StoredResponse;
import dev.engram.platform.DatabaseFailures;
import dev.engram.platform.OneTimeSecret;
import dev.engram.platform.Problem;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemResponses;
import dev.engram.platform.ProblemType;
import dev.engram.platform.Violation;
import dev.engram.tenant.CurrentTenant;
import dev.engram.tenant.Principal;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * {@code Idempotency-Key} on every /v1 POST: the first request with a key runs and its answer (status, body,
 * content type, Location, ETag) is stored; a retry with the same key and the same request gets that answer again
 * ({@code Idempotency-Replayed: true}) and creates nothing. The same key for another request is
 * {@code 422 idempotency-key-reused}; a retry while the first still runs is {@code 409 idempotency-key-in-progress}.
 * 5xx answers and answers with {@code Retry-After} (e.g. a retryable 409) are not stored: the retry runs again. An
 * answer holding a {@link OneTimeSecret} is stored as its replay problem, never with the secret. Keys are scoped by
 * tenant and live in PostgreSQL (see docs/security.md). Runs after {@code AuthFilter} and after the body has been read; JDBC runs on a worker thread.
 */
public class IdempotencyFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotency-Replayed";
    static final int MAX_LENGTH = 255;
    private static final String CLAIM_PROPERTY = IdempotencyFilter.class.getName() + ".claim";
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);

    /** What the response filter needs to store the answer of a claimed request. */
    private record Held(String scope, String key, UUID owner) {
    }

    private final IdempotencyRepository repository;
    private final IdempotencyConfig config;
    private final CurrentTenant current;
    private final ObjectMapper json;
    private final Clock clock;
    private final dev.engram.platform.BodyLimitFilter bodies;

    IdempotencyFilter(IdempotencyRepository repository, IdempotencyConfig config, CurrentTenant current,
                      ObjectMapper json, Clock clock, dev.engram.platform.BodyLimitFilter bodies) {
        this.bodies = bodies;
        this.repository = repository;
        this.config = config;
        this.current = current;
        this.json = json;
        this.clock = clock;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 100, readBody = true)
    public Uni<Response> claim(ContainerRequestContext request, jakarta.ws.rs.container.ResourceInfo resource) {
        String key = request.getHeaderString(HEADER);
        String path = request.getUriInfo().getPath();
        if (key == null || !config.enabled() || !HttpMethod.POST.equals(request.getMethod()) || !isApi(path)) {
            return Uni.createFrom().nullItem();
        }
        String invalid = invalidKey(key);
        if (invalid != null) {
            return Uni.createFrom().item(problem(ProblemException.withViolation(ProblemType.INVALID_PARAMETER,
                    HEADER + " " + invalid, new Violation(HEADER, "header", invalid)), path));
        }
        byte[] hash;
        try {
            bodies.bound(request, resource); // decoded and bounded before it is hashed, whichever filter runs first
            hash = requestHash(request);
        } catch (dev.engram.platform.RequestBodyException e) {
            return Uni.createFrom().item(problem(e.problem(), path)); // over the limit once decompressed, or corrupt
        }
        String scope = scope(current.principal());
        Instant now = clock.instant();
        return Uni.createFrom().item(() -> repository.claim(scope, key, hash, now, now.plus(config.inProgressTimeout())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(claim -> answer(claim, request, scope, key, path))
                .onFailure().recoverWithItem(e -> {
                    ProblemException p = DatabaseFailures.translate(e);
                    if (p == null) {
                        LOG.errorf(e, "Idempotency key of %s %s not claimed", request.getMethod(), path);
                        p = new ProblemException(ProblemType.INTERNAL_ERROR, "The idempotency key could not be checked");
                    }
                    return problem(p, path);
                });
    }

    private Response answer(Claim claim, ContainerRequestContext request, String scope, String key, String path) {
        if (claim instanceof Claim.Claimed c) {
            request.setProperty(CLAIM_PROPERTY, new Held(scope, key, c.owner()));
            return null;
        }
        if (claim instanceof Claim.Replay r) {
            return replay(r.response());
        }
        if (claim instanceof Claim.InProgress) {
            return problem(new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS,
                    "A request with this Idempotency-Key is still running; retry when it has finished",
                    Map.of("idempotencyKey", key), 1, null), path);
        }
        return problem(new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was used for a different request (method, path or body); use a new key "
                        + "for a new request", Map.of("idempotencyKey", key)), path);
    }

    @ServerResponseFilter(priority = Priorities.AUTHENTICATION + 100)
    public Uni<Void> store(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM_PROPERTY) instanceof Held held)) {
            return Uni.createFrom().voidItem();
        }
        request.removeProperty(CLAIM_PROPERTY);
        StoredResponse stored = isRetryable(response) ? null : stored(response, request.getUriInfo().getPath());
        Instant expiresAt = clock.instant().plus(config.ttl());
        return Uni.createFrom().item(() -> {
                    if (stored == null) {
                        repository.release(held.scope(), held.key(), held.owner());
                    } else {
                        repository.complete(held.scope(), held.key(), held.owner(), stored, expiresAt);
                    }
                    return null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(e -> LOG.warnf("Answer to Idempotency-Key request not stored (%s); a retry "
                        + "within %s gets 409, later it runs again", e.getMessage(), config.inProgressTimeout()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * A 5xx, or any answer that says {@code Retry-After} (a 409 "retry in a moment", a deadlock victim that changed
     * nothing): the same request is meant to be sent again, so the key is released instead of replaying this answer.
     */
    static boolean isRetryable(ContainerResponseContext response) {
        return response.getStatus() >= 500 || response.getHeaderString(HttpHeaders.RETRY_AFTER) != null;
    }

    /** The answer to store, or null when it cannot be stored (then the key is released). */
    private StoredResponse stored(ContainerResponseContext response, String path) {
        try {
            if (response.getEntity() instanceof OneTimeSecret secret && secret.whenReplayed() != null) {
                ProblemException replay = secret.whenReplayed();
                return new StoredResponse(replay.type().status(), Problem.MEDIA_TYPE, null, null, json.writeValueAsBytes(
                        Problem.of(replay.type(), replay.getMessage(), path, replay.extensions())));
            }
            MediaType type = response.getMediaType();
            return new StoredResponse(response.getStatus(), type == null ? null : type.toString(),
                    response.getHeaderString(HttpHeaders.LOCATION), response.getHeaderString(HttpHeaders.ETAG),
                    body(response.getEntity()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("Answer of type %s not storable for Idempotency-Key: %s",
                    response.getEntity().getClass().getName(), e.getMessage());
            return null;
        }
    }

    private byte[] body(Object entity) throws JsonProcessingException {
        if (entity == null) {
            return null;
        }
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (entity instanceof InputStream || entity.getClass().getName().startsWith("io.smallrye.mutiny.")) {
            throw new IllegalArgumentException("streamed answers are not stored");
        }
        return json.writeValueAsBytes(entity);
    }

    private static Response replay(StoredResponse stored) {
        Response.ResponseBuilder builder = Response.status(stored.status()).header(REPLAYED_HEADER, "true");
        if (stored.body() != null) {
            builder.entity(stored.body());
        }
        if (stored.contentType() != null) {
            builder.type(stored.contentType());
        }
        if (stored.location() != null) {
            builder.header(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.etag() != null) {
            builder.header(HttpHeaders.ETAG, stored.etag());
        }
        return builder.build();
    }

    /** Why the key is unusable, or null: 1 to 255 printable ASCII characters. */
    static String invalidKey(String key) {
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            return "must have 1 to " + MAX_LENGTH + " characters, not " + key.length();
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return "must consist of printable ASCII characters (character " + (i + 1) + " is not)";
            }
        }
        return null;
    }

    /**
     * SHA-256 over method, path with query and body (decompressed: the same JSON sent gzipped or plain is the same
     * request); the body is put back for the resource to read. Endpoints that take no body have none to read (its
     * stream is closed): only method and path count for them.
     */
    private static byte[] requestHash(ContainerRequestContext request) throws dev.engram.platform.RequestBodyException {
        byte[] body = new byte[0];
        try (InputStream in = request.getEntityStream()) {
            if (in != null) {
                body = in.readAllBytes(); // decompressed and within the body limit (BodyLimitFilter runs first)
                request.setEntityStream(new ByteArrayInputStream(body));
            }
        } catch (dev.engram.platform.RequestBodyException e) {
            throw e;
        } catch (IOException e) {
            LOG.tracef("No request body to hash: %s", e.getMessage());
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + "\n" + request.getUriInfo().getRequestUri().getRawPath() + "?"
                    + request.getUriInfo().getRequestUri().getRawQuery() + "\n").getBytes(StandardCharsets.UTF_8));
            return digest.digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String scope(Principal principal) {
        return principal.tenantId() == null ? "" : principal.tenantId();
    }

    private static boolean isApi(String path) {
        return path.equals("/v1") || path.startsWith("/v1/");
    }

    private static Response problem(ProblemException e, String path) {
        return ProblemResponses.of(e.type(), e.getMessage(), path, e.extensions(), e.retryAfterSeconds());
    }
}
