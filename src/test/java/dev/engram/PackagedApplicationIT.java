package dev.engram;

import dev.engram.testing.TestServices;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged application (target/quarkus-app) started as a user would start it, against real services. */
class PackagedApplicationIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String OPERATOR_KEY = "packaged-it-operator-key-0123456789abcdef";
    private String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldMigrateAnEmptyDatabaseServeAndSearch() throws Exception {
        String db = TestServices.newDatabase("engram_packaged");
        int port = freePort();
        Process app = start(db, port, Files.createTempFile("engram-it", ".log"));
        try {
            waitReady(app, port);
            assertThat(post(port, "/v1/memories", "{\"content\":\"x\"}", null).statusCode()).isEqualTo(401);
            assertThat(post(port, "/v1/admin/tenants", "{\"id\":\"acme\",\"name\":\"Acme\"}", OPERATOR_KEY)
                    .statusCode()).isEqualTo(201);
            HttpResponse<String> created = post(port, "/v1/admin/tenants/acme/keys",
                    "{\"name\":\"agent\",\"scopes\":[\"read\",\"write\"]}", OPERATOR_KEY);
            assertThat(created.statusCode()).isEqualTo(201);
            key = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("key").asText();
            HttpResponse<String> stored = post(port, "/v1/memories",
                    "{\"content\":\"User prefers morning meetings\",\"type\":\"preference\"}");
            assertThat(stored.statusCode()).isEqualTo(201);
            HttpResponse<String> found = post(port, "/v1/memories/search", "{\"query\":\"schedule a meeting\"}");
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).contains("User prefers morning meetings");
        } finally {
            app.destroy();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("graceful shutdown").isTrue();
        }
    }

    @Test
    void shouldRefuseToStartWhenTheStoredDimensionDiffersFromTheModel() throws Exception {
        String db = TestServices.newDatabase("engram_mismatch");
        Flyway.configure().dataSource(db, TestServices.appUser(), TestServices.appPassword())
                .locations("classpath:db/migration").placeholders(Map.of("embedding_dimension", "512"))
                .load().migrate();
        Path log = Files.createTempFile("engram-it", ".log");
        Process app = start(db, freePort(), log);
        assertThat(app.waitFor(120, TimeUnit.SECONDS)).as("the application exits by itself").isTrue();
        assertThat(app.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("Embedding dimension mismatch")
                .contains("stores 512-dimensional vectors").contains("produces 384");
    }

    @Test
    void shouldRefuseToStartWithSettingsOutOfRangeNamingEachOne() throws Exception {
        Path log = Files.createTempFile("engram-it", ".log");
        Process app = start(TestServices.newDatabase("engram_badconfig"), freePort(), log, Map.of(
                "ENGRAM_SEARCH_EF_SEARCH", "0",
                "ENGRAM_SHORT_TERM_SESSION_MIN_TTL", "30d",
                "ENGRAM_MAINTENANCE_DECAY_FLOOR", "1.5"));
        assertThat(app.waitFor(120, TimeUnit.SECONDS)).as("the application exits by itself").isTrue();
        assertThat(app.exitValue()).isNotZero();
        assertThat(Files.readString(log))
                .contains("engram.search.ef-search must be greater than or equal to 1")
                .contains("engram.short-term session-min-ttl (PT720H) is longer than session-max-ttl (PT168H)")
                .contains("engram.maintenance.decay.floor must be between 0 and 1")
                .doesNotContain("Listening on");
    }

    private static Process start(String jdbcUrl, int port, Path log) throws IOException {
        return start(jdbcUrl, port, log, Map.of());
    }

    private static Process start(String jdbcUrl, int port, Path log, Map<String, String> settings)
            throws IOException {
        assertThat(JAR).as("run after `package`").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("ENGRAM_PORT", Integer.toString(port));
        env.put("ENGRAM_DB_URL", jdbcUrl);
        env.put("ENGRAM_DB_USER", TestServices.appUser());
        env.put("ENGRAM_DB_PASSWORD", TestServices.appPassword());
        env.put("ENGRAM_REDIS_URL", TestServices.redisUrl());
        env.put("ENGRAM_AUTH_ADMIN_KEY", OPERATOR_KEY);
        env.putAll(settings);
        return pb.start();
    }

    private void waitReady(Process app, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("application still running").isTrue();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("application not ready within 120 s");
    }

    private HttpResponse<String> post(int port, String path, String json) throws Exception {
        return post(port, path, json, key);
    }

    private HttpResponse<String> post(int port, String path, String json, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
