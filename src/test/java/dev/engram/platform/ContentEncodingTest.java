package dev.engram.platform;

import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Compressed request bodies ({@code Content-Encoding: gzip}, {@code deflate}) and compressed answers (the export
 * only), docs/security.md "Input limits". Sent over a plain socket ({@link RawHttp}): rest-assured would add its own
 * {@code Accept-Encoding} and undo the answer's coding before a test could see it.
 */
@QuarkusTest
class ContentEncodingTest {

    private static RawHttp.Reply send(String method, String target, byte[] body, String... headers) throws Exception {
        List<String[]> list = new ArrayList<>();
        list.add(new String[]{"Authorization", "Bearer " + TestAuth.defaultKey()});
        if (body != null) {
            list.add(new String[]{"Content-Type", "application/json"});
        }
        for (int i = 0; i < headers.length; i += 2) {
            list.add(new String[]{headers[i], headers[i + 1]});
        }
        return RawHttp.send("localhost", RestAssured.port, new RawHttp.Request(method, target, list, body), 60_000);
    }

    private static void assertProblem(RawHttp.Reply reply, int status, String type) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(JsonPath.from(reply.text()).getString("type")).isEqualTo(ProblemType.BASE + type);
        assertThat(ApiFuzzTest.LEAK.matcher(reply.text()).find()).as(reply.text()).isFalse();
    }

    private static byte[] gzip(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (byte[] p : parts) {
                gz.write(p);
            }
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code n} MiB of spaces, compressed as they are written (never held whole). */
    private static byte[] gzipPadded(String head, int mib, String tail) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] spaces = new byte[1024 * 1024];
        Arrays.fill(spaces, (byte) ' ');
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(utf8(head));
            for (int i = 0; i < mib; i++) {
                gz.write(spaces);
            }
            gz.write(utf8(tail));
        }
        return out.toByteArray();
    }

    @Test
    void aGzipBatchIsStoredAndSearchable() throws Exception {
        String word = "zephyrquill" + UUID.randomUUID().toString().substring(0, 8);
        String batch = "{\"memories\": [{\"content\": \"The " + word + " ledger is reconciled on Fridays\"}, "
                + "{\"content\": \"Second " + word + " note about the archive\"}, {\"content\": \"A third one, plain\"}]}";
        RawHttp.Reply reply = send("POST", "/v1/memories/batch", gzip(utf8(batch)), "Content-Encoding", "gzip");
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        List<String> ids = JsonPath.from(reply.text()).getList("memories.id");
        assertThat(ids).hasSize(3);
        given().contentType(ContentType.JSON).body(Map.of("query", word + " ledger", "limit", 5))
                .post("/v1/memories/search").then().statusCode(200).body("hits.memory.id", hasItem(ids.get(0)));
        given().get("/v1/memories/" + ids.get(1)).then().body("content", equalTo("Second " + word + " note about the archive"));

        // deflate as HTTP defines it (zlib) and as some clients send it (raw); x-gzip is gzip (RFC 9110 §8.4.1.3)
        String one = "{\"content\": \"deflated " + word + "\"}";
        assertThat(send("POST", "/v1/memories", deflate(utf8(one), false), "Content-Encoding", "deflate").status()).isEqualTo(201);
        assertThat(send("POST", "/v1/memories", deflate(utf8(one), true), "Content-Encoding", "Deflate").status()).isEqualTo(201);
        assertThat(send("POST", "/v1/memories", gzip(utf8(one)), "Content-Encoding", "identity, x-gzip").status()).isEqualTo(201);
    }

    @Test
    void anIdempotencyKeyNamesTheDecompressedBody() throws Exception {
        String key = "gzip-" + UUID.randomUUID();
        String body = "{\"content\": \"idempotent and compressed\"}";
        RawHttp.Reply first = send("POST", "/v1/memories", gzip(utf8(body)), "Content-Encoding", "gzip", "Idempotency-Key", key);
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        // the same JSON uncompressed is the same request: replayed, not a second memory and not a 422
        RawHttp.Reply again = send("POST", "/v1/memories", utf8(body), "Idempotency-Key", key);
        assertThat(again.status()).as(again.text()).isEqualTo(201);
        assertThat(JsonPath.from(again.text()).getString("id")).isEqualTo(JsonPath.from(first.text()).getString("id"));
    }

    @Test
    void aBodyThatInflatesBeyondTheLimitIs413() throws Exception {
        // 64 MiB of spaces inside a JSON string: ~64 KB on the wire, far beyond the 4 MiB of an ordinary route
        byte[] bomb = gzipPadded("{\"content\": \"x\", \"metadata\": {\"pad\": \"", 64, "\"}}");
        assertThat(bomb.length).isLessThan(200_000);
        long t0 = System.nanoTime();
        RawHttp.Reply reply = send("POST", "/v1/memories", bomb, "Content-Encoding", "gzip");
        assertProblem(reply, 413, "content-too-large");
        assertThat(JsonPath.from(reply.text()).getLong("limitBytes")).isEqualTo(4_194_304L);
        assertThat(reply.text()).contains("after decompression");

        // the batch route takes 40 MiB (quarkus.http.limits.max-body-size), decompressed as well; the padding is
        // whitespace between JSON tokens here, which the parser skips without keeping it
        byte[] batchBomb = gzipPadded("{\"memories\": [", 64, "{\"content\": \"x\"}]}");
        reply = send("POST", "/v1/memories/batch", batchBomb, "Content-Encoding", "gzip");
        assertProblem(reply, 413, "content-too-large");
        assertThat(JsonPath.from(reply.text()).getLong("limitBytes")).isEqualTo(40L * 1024 * 1024);
        // an Idempotency-Key reads the body before the resource does: bounded the same way
        reply = send("POST", "/v1/memories", bomb, "Content-Encoding", "gzip", "Idempotency-Key", "bomb-" + UUID.randomUUID());
        assertProblem(reply, 413, "content-too-large");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for three bombs").isLessThan(30_000);

        // and the service goes on serving
        assertThat(send("POST", "/v1/memories", gzip(utf8("{\"content\": \"after the bomb\"}")), "Content-Encoding", "gzip")
                .status()).isEqualTo(201);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aChunkedBodyIsBoundedByTheRouteLimitToo() throws Exception {
        // without Content-Length the limit used to be the HTTP layer's 40M on every route; now it is counted as read
        byte[] pad = new byte[5 * 1024 * 1024];
        Arrays.fill(pad, (byte) 'a');
        byte[] body = concat(utf8("{\"content\": \"x\", \"metadata\": {\"pad\": \""), pad, utf8("\"}}"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/memories"))
                .header("Authorization", "Bearer " + TestAuth.defaultKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(RawHttp.abbreviate(response.body(), 300)).isEqualTo(413);
        assertThat(response.body()).contains("content-too-large").contains("4194304");
    }

    @Test
    void anUnsupportedCodingIs415NamingTheSupportedOnes() throws Exception {
        byte[] json = utf8("{\"content\": \"not compressed at all\"}");
        for (String coding : List.of("bogus", "br", "gzip, gzip", "compress")) {
            RawHttp.Reply reply = send("POST", "/v1/memories", json, "Content-Encoding", coding);
            assertProblem(reply, 415, "unsupported-media-type");
            assertThat(JsonPath.from(reply.text()).getString("detail")).contains("gzip or deflate");
            assertThat(reply.headers().get("accept-encoding")).isEqualTo("gzip, deflate");
        }
        // a request without a body has no coding to apply
        assertThat(send("GET", "/v1/memories?limit=1", null, "Content-Encoding", "bogus").status()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotValidGzipIs400() throws Exception {
        byte[] json = utf8("{\"content\": \"labelled gzip, sent plain\"}");
        RawHttp.Reply reply = send("POST", "/v1/memories", json, "Content-Encoding", "gzip");
        assertProblem(reply, 400, "malformed-json");
        assertThat(JsonPath.from(reply.text()).getString("detail")).contains("not valid gzip");
        // cut short
        byte[] whole = gzip(utf8("{\"content\": \"cut short somewhere in the middle of the compressed data\"}"));
        reply = send("POST", "/v1/memories", Arrays.copyOf(whole, whole.length / 2), "Content-Encoding", "gzip");
        assertProblem(reply, 400, "malformed-json");
        assertThat(JsonPath.from(reply.text()).getString("detail")).contains("ends before");
        reply = send("POST", "/v1/memories", json, "Content-Encoding", "deflate");
        assertProblem(reply, 400, "malformed-json");
        // the import reads its body as a stream: the same answer
        reply = send("POST", "/v1/import?dryRun=true", json, "Content-Encoding", "gzip");
        assertProblem(reply, 400, "malformed-json");
    }

    @Test
    void theExportIsCompressedWhenTheClientAcceptsItAndStillAValidExport() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("content", "exported compressed")).post("/v1/memories")
                .then().statusCode(201);
        RawHttp.Reply reply = send("GET", "/v1/export?embeddings=false", null, "Accept-Encoding", "gzip");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-encoding")).isEqualTo("gzip");
        assertThat(reply.headers()).doesNotContainKey("content-length"); // streamed, not buffered to measure it
        byte[] plain;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(reply.body()))) {
            plain = in.readAllBytes();
        }
        String[] lines = new String(plain, StandardCharsets.UTF_8).split("\n");
        assertThat(JsonPath.from(lines[0]).getString("kind")).isEqualTo("header");
        assertThat(JsonPath.from(lines[lines.length - 1]).getString("kind")).isEqualTo("footer");
        assertThat(plain.length).isGreaterThan(reply.body().length);

        // a compressed export imports again, compressed (a dry run: everything exists already)
        RawHttp.Reply imported = RawHttp.send("localhost", RestAssured.port, new RawHttp.Request("POST",
                "/v1/import?dryRun=true", List.of(new String[]{"Authorization", "Bearer " + TestAuth.defaultKey()},
                new String[]{"Content-Type", "application/x-ndjson"}, new String[]{"Content-Encoding", "gzip"}),
                reply.body()), 120_000);
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(JsonPath.from(imported.text()).getInt("rejectedCount")).isZero();

        // an import that inflates beyond the 40M limit after its header: the rest is an unreadable-body rejection
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        byte[] newlines = new byte[1024 * 1024];
        Arrays.fill(newlines, (byte) '\n');
        try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
            gz.write(utf8(lines[0] + "\n"));
            for (int i = 0; i < 64; i++) {
                gz.write(newlines);
            }
        }
        imported = RawHttp.send("localhost", RestAssured.port, new RawHttp.Request("POST", "/v1/import?dryRun=true",
                List.of(new String[]{"Authorization", "Bearer " + TestAuth.defaultKey()},
                        new String[]{"Content-Type", "application/x-ndjson"}, new String[]{"Content-Encoding", "gzip"}),
                bomb.toByteArray()), 120_000);
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(JsonPath.from(imported.text()).getString("rejected[0].reason"))
                .startsWith("unreadable-body").contains("inflates to more than 41943040 bytes");

        // without Accept-Encoding it is sent as before
        assertThat(send("GET", "/v1/export?embeddings=false", null).headers()).doesNotContainKey("content-encoding");
    }

    @Test
    void ordinaryAnswersAreNotCompressed() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("content", "small answers stay plain")).post("/v1/memories")
                .then().statusCode(201);
        byte[] search = utf8("{\"query\": \"small answers\", \"limit\": 20}");
        for (RawHttp.Reply reply : List.of(
                send("POST", "/v1/memories/search", search, "Accept-Encoding", "gzip, deflate"),
                send("GET", "/v1/memories?limit=100", null, "Accept-Encoding", "gzip"),
                send("POST", "/v1/sessions/gz-" + UUID.randomUUID() + "/messages",
                        utf8("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"), "Accept-Encoding", "gzip"),
                send("POST", "/v1/memories", utf8("{}"), "Content-Encoding", "bogus", "Accept-Encoding", "gzip"),
                send("GET", "/v1/events", null, "Accept", "text/event-stream", "Accept-Encoding", "gzip"))) {
            assertThat(reply.status()).as(reply.text()).isLessThan(500);
            assertThat(reply.headers()).as(reply.headers().toString()).doesNotContainKey("content-encoding");
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
