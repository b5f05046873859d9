package dev.engram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged CLI ({@code bin/engram} → {@code target/engram-cli.jar}) as an operator runs it, against the packaged
 * server: a separate small jar without Quarkus, the key and URL from the environment, tables, {@code --json} and exit
 * codes from a real process.
 */
class CliPackagedIT {

    private static final Path CLI_JAR = Path.of("target", "engram-cli.jar");
    private static final Path SERVER_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String OPERATOR_KEY = "cli-it-operator-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Process server;
    private static String url;
    private static String key;

    record Run(int exitCode, String stdout, String stderr, long millis) {
    }

    @BeforeAll
    static void startServer() throws Exception {
        assertThat(SERVER_JAR).as("run after `package`").exists();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx512m", "-jar", SERVER_JAR.toString())
                .redirectErrorStream(true).redirectOutput(Files.createTempFile("engram-cli-it", ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("ENGRAM_PORT", Integer.toString(port));
        env.put("ENGRAM_DB_URL", TestServices.newDatabase("engram_cli"));
        env.put("ENGRAM_DB_USER", TestServices.appUser());
        env.put("ENGRAM_DB_PASSWORD", TestServices.appPassword());
        env.put("ENGRAM_REDIS_URL", TestServices.redisUrl());
        env.put("ENGRAM_AUTH_ADMIN_KEY", OPERATOR_KEY);
        server = pb.start();
        waitReady();
        assertThat(post("/v1/admin/tenants", "{\"id\":\"ops\",\"name\":\"Ops\"}", OPERATOR_KEY).statusCode())
                .isEqualTo(201);
        key = JSON.readTree(post("/v1/admin/tenants/ops/keys", "{\"name\":\"cli\",\"scopes\":[\"read\",\"write\","
                + "\"admin\"]}", OPERATOR_KEY).body()).path("key").asText();
        assertThat(post("/v1/memories", "{\"content\":\"User prefers morning meetings\",\"type\":\"preference\"}", key)
                .statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldBeASmallJarWithoutQuarkus() throws Exception {
        assertThat(CLI_JAR).as("built by `package`").exists();
        assertThat(Files.size(CLI_JAR)).isLessThan(5L * 1024 * 1024);
        try (ZipFile zip = new ZipFile(CLI_JAR.toFile())) {
            List<String> classes = zip.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList();
            assertThat(classes).anyMatch(n -> n.startsWith("dev/engram/cli/"))
                    .anyMatch(n -> n.startsWith("picocli/"))
                    .anyMatch(n -> n.startsWith("com/fasterxml/jackson/databind/"))
                    .allMatch(n -> n.startsWith("dev/engram/cli/") || n.startsWith("picocli/")
                            || n.startsWith("com/fasterxml/jackson/") || n.startsWith("META-INF/versions/"));
        }
        Run version = engram(Map.of(), "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("engram CLI 0.1.0");
    }

    @Test
    void shouldTalkToTheServerWithTheKeyFromTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("ENGRAM_URL", url, "ENGRAM_KEY", key);

        Run search = engram(env, "search", "when", "should", "we", "meet");
        Run stats = engram(env, "--json", "stats");
        Run dryRun = engram(env, "cleanup", "30", "--dry-run");

        assertThat(search.exitCode()).as(search.stderr()).isZero();
        assertThat(search.stdout()).contains("User prefers morning meetings").contains("1 hit");
        assertThat(search.stderr()).isEmpty();
        assertThat(stats.exitCode()).as(stats.stderr()).isZero();
        JsonNode json = JSON.readTree(stats.stdout());
        assertThat(json.path("totalMemories").asInt()).isEqualTo(1);
        assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
        assertThat(dryRun.stdout()).contains("Dry run: would delete");
        assertThat(search.stdout() + search.stderr()).doesNotContain("Quarkus").doesNotContain(key);
    }

    @Test
    void shouldExitWithTheDocumentedCodes() throws Exception {
        Run badKey = engram(Map.of("ENGRAM_URL", url, "ENGRAM_KEY", "egm_wrong"), "stats");
        assertThat(badKey.exitCode()).isEqualTo(4);
        assertThat(badKey.stderr()).contains("Authentication required").doesNotContain("egm_wrong");

        Run missing = engram(Map.of("ENGRAM_URL", url, "ENGRAM_KEY", key), "insights", "nobody");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("(HTTP 404)");

        Run usage = engram(Map.of(), "recent");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).contains("Missing required parameter: 'DAYS'");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run refused = engram(Map.of("ENGRAM_URL", "http://127.0.0.1:" + closed), "stats");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.stderr()).contains("cannot connect");
    }

    private static Run engram(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bin/engram"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("engram-cli", ".out");
        Path err = Files.createTempFile("engram-cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("ENGRAM_URL");
        pb.environment().remove("ENGRAM_KEY");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI exits by itself").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), (System.nanoTime() - t0) / 1_000_000);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void waitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server still running").isTrue();
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("server not ready within 120 s");
    }

    private static HttpResponse<String> post(String path, String json, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
