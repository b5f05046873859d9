package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Iterator;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few thousand memories with vectors out and back in through real HTTP streams: the export is read line by line
 * into a file and the file is sent as the import body, neither side ever holding the whole. Prints the timings.
 */
@QuarkusTest
class TransferVolumeTest {

    private static final int MEMORIES = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource db;

    @Test
    void thousandsOfMemoriesShouldStreamOutAndBackIn() throws Exception {
        String tenant = "xfer-volume-" + UUID.randomUUID().toString().substring(0, 8);
        String key = TestAuth.newKey(tenant, Scope.READ, Scope.WRITE);
        sql("insert into memory (id, tenant_id, type_code, content, occurred_at, created_at, updated_at, content_hash,"
                + " embedding, embedding_model, metadata) select gen_random_uuid(), ?, 'semantic', 'volume row ' || g,"
                + " now(), now(), now(), md5(g::text), (select array_agg(random() - 0.5)::halfvec(384)"
                + " from generate_series(1, 384) where g > 0), 'all-minilm-l6-v2-q', jsonb_build_object('g', g)"
                + " from generate_series(1, " + MEMORIES + ") g", tenant);
        HttpClient http = HttpClient.newHttpClient();
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        Path file = Files.createTempFile("engram-export", ".ndjson");
        try {
            long t0 = System.nanoTime();
            HttpResponse<Stream<String>> export = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/export"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(export.statusCode()).isEqualTo(200);
            long lines = 0;
            String last = null;
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Stream<String> body = export.body()) {
                for (Iterator<String> it = body.iterator(); it.hasNext(); ) {
                    last = it.next();
                    out.write(last);
                    out.write('\n');
                    lines++;
                }
            }
            long exportMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(lines).isEqualTo(MEMORIES + 2);
            assertThat(JSON.readTree(last).path("counts").path("memory").asInt()).isEqualTo(MEMORIES);

            sql("delete from memory where tenant_id = ?", tenant);
            long t1 = System.nanoTime();
            HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/import"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
            long importMillis = (System.nanoTime() - t1) / 1_000_000;
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(imported.body());
            assertThat(report.path("created").path("memory").asInt()).isEqualTo(MEMORIES);
            assertThat(report.path("reembedded").asInt()).isZero();
            assertThat(report.path("rejectedCount").asInt()).isZero();
            System.out.printf("TransferVolumeTest: %d memories with 384-d vectors, %d bytes of NDJSON: export %d ms,"
                    + " import %d ms%n", MEMORIES, Files.size(file), exportMillis, importMillis);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The import reads its body as it arrives: with 250 records sent and the rest of the body held back, the first
     * batch of 200 is already committed. (A server that buffered the body would have written nothing yet.)
     */
    @Test
    void importShouldWriteBatchesBeforeTheBodyHasArrived() throws Exception {
        String tenant = "xfer-stream-" + UUID.randomUUID().toString().substring(0, 8);
        String key = TestAuth.newKey(tenant, Scope.READ, Scope.WRITE);
        java.io.PipedOutputStream body = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(body, 1 << 16);
        var response = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/import"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> in)).build(), HttpResponse.BodyHandlers.ofString());
        java.util.Random random = new java.util.Random(1);
        body.write(("{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1,"
                + "\"embeddingModel\":\"all-minilm-l6-v2-q\"}\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 300; i++) {
            StringBuilder vector = new StringBuilder("[");
            for (int d = 0; d < 384; d++) {
                vector.append(d == 0 ? "" : ",").append(random.nextFloat() - 0.5f);
            }
            String line = "{\"kind\":\"memory\",\"data\":{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"semantic\","
                    + "\"content\":\"streamed row " + i + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\","
                    + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\","
                    + "\"embeddingModel\":\"all-minilm-l6-v2-q\",\"embedding\":" + vector + "]}}\n";
            body.write(line.getBytes(StandardCharsets.UTF_8));
            if (i == 249) {
                body.flush();
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (count(tenant) < 200 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(count(tenant)).as("first batch committed while the body is still open").isEqualTo(200);
                assertThat(response).isNotDone();
            }
        }
        body.close();
        HttpResponse<String> done = response.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(JSON.readTree(done.body()).path("created").path("memory").asInt()).isEqualTo(300);
        assertThat(count(tenant)).isEqualTo(300);
    }

    private long count(String tenant) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from memory where tenant_id = ?")) {
            ps.setString(1, tenant);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void sql(String sql, String tenant) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            ps.executeUpdate();
        }
    }
}
