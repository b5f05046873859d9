package dev.engram.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The HTTP side of the CLI, on the JDK's {@link HttpClient}: sends the key as {@code Authorization: Bearer}, maps
 * failures to {@link CliException}s with the documented exit codes, and with {@code --verbose} logs each exchange to
 * stderr with the key redacted.
 */
final class EngramClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A complete answer. */
    record Reply(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new CliException(ExitCodes.PROBLEM, "the server's answer is not JSON (HTTP " + status + ")");
            }
        }
    }

    /** Query parameters in order; null values are left out, a name may repeat. */
    static final class Query {
        private final List<String[]> params = new ArrayList<>();

        Query with(String name, Object value) {
            if (value != null) {
                params.add(new String[] {name, value.toString()});
            }
            return this;
        }

        Query withEach(String name, List<String> values) {
            if (values != null) {
                values.forEach(v -> with(name, v));
            }
            return this;
        }

        Query copy() {
            Query q = new Query();
            q.params.addAll(params);
            return q;
        }

        String encoded() {
            StringJoiner joiner = new StringJoiner("&", "?", "");
            joiner.setEmptyValue("");
            params.forEach(p -> joiner.add(encode(p[0]) + "=" + encode(p[1])));
            return joiner.toString();
        }
    }

    private final URI base;
    private final String key;
    private final Duration timeout;
    private final boolean verbose;
    private final PrintWriter err;
    private final HttpClient http;

    EngramClient(URI base, String key, Duration timeout, boolean verbose, PrintWriter err) {
        this.base = base;
        this.key = key;
        this.timeout = timeout;
        this.verbose = verbose;
        this.err = err;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return base;
    }

    Duration timeout() {
        return timeout;
    }

    /** A GET answered with 2xx; any other status ends the command with the problem's message. */
    Reply get(String path, Query query) {
        return expectSuccess(send(request(path, query).GET().timeout(timeout).build()));
    }

    /** A GET of an absolute URI the server gave (e.g. a {@code Location}). */
    Reply get(URI uri) {
        return expectSuccess(send(authorized(HttpRequest.newBuilder(uri)).GET().timeout(timeout).build()));
    }

    /** A POST with a JSON body (or none), answered with 2xx. */
    Reply post(String path, Query query, JsonNode body) {
        HttpRequest.Builder builder = request(path, query).timeout(timeout);
        if (body == null) {
            builder.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        return expectSuccess(send(builder.build()));
    }

    /**
     * A POST of a streamed body (import). {@code requestTimeout} bounds the whole exchange; null: only the connection
     * is bounded (by {@code --timeout}), however long the upload and the server's work take.
     */
    Reply upload(String path, Query query, String contentType, HttpRequest.BodyPublisher body, Duration requestTimeout) {
        HttpRequest.Builder builder = request(path, query).header("Content-Type", contentType).POST(body);
        if (requestTimeout != null) {
            builder.timeout(requestTimeout);
        }
        return expectSuccess(send(builder.build()));
    }

    /**
     * A GET whose body is read as a stream (export). On a non-2xx status the body is read and the command ends with
     * the problem's message; otherwise the caller reads and closes the stream.
     */
    Streamed stream(String path, Query query, Duration requestTimeout) {
        // an export is large and compresses ~3x; the server compresses only the export, at a cheap level
        HttpRequest.Builder builder = request(path, query).header("Accept-Encoding", "gzip").GET();
        if (requestTimeout != null) {
            builder.timeout(requestTimeout);
        }
        HttpResponse<InputStream> response = send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw failure(response.statusCode(), body);
        }
        boolean gzip = response.headers().firstValue("Content-Encoding").map(e -> e.trim().equalsIgnoreCase("gzip"))
                .orElse(false);
        try {
            return new Streamed(response.headers(), gzip ? new java.util.zip.GZIPInputStream(response.body(), 64 * 1024)
                    : response.body(), gzip);
        } catch (IOException e) {
            throw new CliException(ExitCodes.PROBLEM, "the server's gzip stream is unreadable: " + e.getMessage());
        }
    }

    /**
     * A streamed answer's headers and its body, decompressed when the server sent it gzip-encoded ({@code compressed};
     * its {@code Content-Length}, if any, then counts compressed bytes).
     */
    record Streamed(java.net.http.HttpHeaders headers, InputStream body, boolean compressed) {
    }

    private HttpRequest.Builder request(String path, Query query) {
        return authorized(HttpRequest.newBuilder(URI.create(base + path + (query == null ? "" : query.encoded()))))
                .header("Accept", "application/json, application/problem+json");
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        builder.header("User-Agent", "engram-cli");
        if (key != null && !key.isBlank()) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    private Reply send(HttpRequest request) {
        HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.headers(), r.body());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        if (verbose) {
            log("> " + request.method() + " " + request.uri());
            log("> Authorization: " + Redactor.authorization(key));
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<T> response = http.send(request, handler);
            if (verbose) {
                log("< " + response.statusCode() + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            }
            return response;
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("cannot connect to " + base + ": no connection within " + seconds(timeout) + " (--timeout)");
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer from " + base + " within " + seconds(request.timeout().orElse(timeout))
                    + " (--timeout)");
        } catch (ConnectException e) {
            throw unreachable("cannot connect to " + base + " (" + reason(e, "connection refused") + "); is Engram "
                    + "running? (--url or ENGRAM_URL)");
        } catch (IOException e) {
            throw unreachable("connection to " + base + " failed: " + reason(e, e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted");
        }
    }

    private Reply expectSuccess(Reply reply) {
        if (reply.status() / 100 != 2) {
            throw failure(reply.status(), reply.body());
        }
        return reply;
    }

    private CliException failure(int status, String body) {
        return new CliException(ExitCodes.forStatus(status), Redactor.redact(Problems.describe(status, body), key));
    }

    private CliException unreachable(String message) {
        return new CliException(ExitCodes.UNREACHABLE, Redactor.redact(message, key));
    }

    private void log(String line) {
        err.println(Redactor.redact(line, key));
        err.flush();
    }

    private static String reason(Throwable e, String fallback) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return fallback;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A path segment, percent-encoded; with {@code keepSlashes}, '/' stays (subjects like {@code meta-llama/x}). */
    static String pathSegment(String value, boolean keepSlashes) {
        String encoded = encode(value);
        return keepSlashes ? encoded.replace("%2F", "/") : encoded;
    }
}
