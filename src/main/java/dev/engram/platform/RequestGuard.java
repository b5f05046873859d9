package dev.engram.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The first handler of every HTTP request, before routing and before any framework code decodes the URI: the path
 * and the query string must be well-formed percent-encoded UTF-8 without NUL characters (PostgreSQL cannot store
 * NUL, and a framework that fails to decode a parameter answers without a problem body); form bodies
 * ({@code multipart/*}, a non-empty {@code application/x-www-form-urlencoded}) are refused up front, since no
 * endpoint takes them and parsing them is wasted work (or, for multipart on a body-less route, a 500); a body in a
 * content coding other than {@code gzip} or {@code deflate} is refused too ({@link ContentCodings}); media ranges an
 * {@code Accept} header refuses ({@code q=0}) are taken out before negotiation, and one that refuses all is a 406. Violations are
 * RFC 9457 problems like every other answer.
 */
@ApplicationScoped
public class RequestGuard {

    private final ObjectMapper json;
    private final long maxBodySize;

    RequestGuard(ObjectMapper json, @org.eclipse.microprofile.config.inject.ConfigProperty(
            name = "quarkus.http.limits.max-body-size") io.quarkus.runtime.configuration.MemorySize maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        // the HTTP layer's body limit (quarkus.http.limits.max-body-size) fails the request with a bare 413
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().ended()) {
                reject(ctx, ProblemType.CONTENT_TOO_LARGE, "The request body is larger than the service accepts", null);
            } else {
                ctx.next();
            }
        });
        // Vert.x Web itself answers 400 (e.g. a path whose escapes do not decode) before any route runs: as a problem
        router.errorHandler(400, ctx -> reject(ctx, ProblemType.INVALID_PARAMETER,
                "The request URI is not valid: use percent-encoded UTF-8 (write '%' as %25)", "path"));
    }

    void check(RoutingContext ctx) {
        String path = ctx.request().path();
        String query = ctx.request().query();
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String bad = path == null ? null : invalidComponent(path, false);
        if (bad != null) {
            reject(ctx, ProblemType.INVALID_PARAMETER, "The request path " + bad, "path");
            return;
        }
        if (query != null) {
            for (String pair : query.split("&", -1)) {
                String problem = invalidComponent(pair, true);
                if (problem != null) {
                    String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                    reject(ctx, ProblemType.INVALID_PARAMETER, "The query parameter '" + printable(name) + "' " + problem, "query");
                    return;
                }
            }
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodySize) {
            // before the HTTP layer's own check, which answers a bare 413
            reject(ctx, ProblemType.CONTENT_TOO_LARGE, "The request body has " + length + " bytes; no endpoint accepts "
                    + "more than " + maxBodySize, null);
            return;
        }
        boolean hasBody = (length != null && !length.trim().equals("0"))
                || ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (hasBody) {
            try {
                ContentCodings.of(ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING));
            } catch (IllegalArgumentException e) {
                // RFC 9110 §15.5.16 and §12.5.3: 415, with Accept-Encoding naming the codings that are supported
                ctx.response().putHeader(HttpHeaders.ACCEPT_ENCODING, ContentCodings.SUPPORTED);
                reject(ctx, ProblemType.UNSUPPORTED_MEDIA_TYPE, e.getMessage(), null);
                return;
            }
        }
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("=")) {
            String acceptable = withoutRefused(accept);
            if (acceptable == null) {
                reject(ctx, ProblemType.NOT_ACCEPTABLE, "Accept refuses every media type (q=0); Engram answers "
                        + "with application/json", null);
                return;
            }
            // RFC 9110 §12.4.2: q=0 means "not acceptable", which the framework's negotiation would treat as a
            // preference like any other; what is left is negotiated as usual (e.g. text/html alone: 406)
            ctx.request().headers().set(HttpHeaders.ACCEPT, acceptable);
        }
        if (contentType != null) {
            String type = contentType.toLowerCase(Locale.ROOT).trim();
            // An empty form body is what many clients send with a body-less POST (curl -d '', rest-assured): let it
            // pass. A multipart body cannot be empty, and parsing one on a route that reads none was a 500.
            if (type.startsWith("multipart/") || (type.startsWith("application/x-www-form-urlencoded") && hasBody)) {
                reject(ctx, ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send request bodies as application/json", null);
                return;
            }
        }
        ctx.next();
    }

    /** The Accept header without its media ranges of quality 0, or null when nothing else is left. */
    static String withoutRefused(String accept) {
        List<String> kept = new java.util.ArrayList<>();
        for (String range : accept.split(",")) {
            if (range.isBlank()) {
                continue;
            }
            boolean refused = false;
            String[] parts = range.split(";");
            for (int i = 1; i < parts.length; i++) {
                String[] param = parts[i].split("=", 2);
                if (param.length == 2 && param[0].trim().equalsIgnoreCase("q")
                        && param[1].trim().matches("0(\\.0{0,3})?")) {
                    refused = true;
                }
            }
            if (!refused) {
                kept.add(range.trim());
            }
        }
        return kept.isEmpty() ? null : String.join(", ", kept);
    }

    /** Why a raw URI component is unusable, or null: bad percent escapes, not UTF-8, or a NUL character. */
    static String invalidComponent(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    return "has an invalid percent escape at character " + (i + 1) + " (write '%' as %25)";
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                return "contains a character that is not percent-encoded";
            } else {
                bytes.write(plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return "is not percent-encoded UTF-8";
        }
        if (decoded.indexOf('\0') >= 0) {
            return "contains a NUL character (%00)";
        }
        return null;
    }

    private void reject(RoutingContext ctx, ProblemType type, String detail, String in) {
        Map<String, Object> extensions = in == null ? Map.of()
                : Map.of("violations", List.of(new Violation(in.equals("path") ? "path" : "query", in, detail)));
        ProblemResponses.send(ctx, json, type, detail, printable(ctx.request().path()), extensions, null);
    }

    /** A raw path or name for a problem body: at most 200 characters, control characters dropped. */
    private static String printable(String s) {
        if (s == null) {
            return null;
        }
        String clean = s.replaceAll("[\\p{Cntrl}]", "");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
