package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's streaming, files, progress meter, timeouts and run polling against a small stand-in server (the JDK's
 * HttpServer) that speaks the export/import contract and can misbehave on purpose: cut a stream, omit the footer,
 * answer slowly, run asynchronously. The same commands against the real server: {@code CliTest},
 * {@code CliExportImportTest}.
 */
class ExportImportStandInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "egm_standin_0123456789abcdefSECRET";
    private static final int RECORDS = 20_000;

    @TempDir
    Path dir;

    private HttpServer server;
    private CliRunner cli;
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/export", this::export);
        server.createContext("/v1/import", this::importBody);
        server.createContext("/v1/stats", ex -> {
            sleep(3_000);
            respond(ex, 200, "{}");
        });
        AtomicInteger polls = new AtomicInteger();
        server.createContext("/v1/maintenance/consolidate", ex -> {
            ex.getResponseHeaders().add("Location", "/v1/maintenance/runs/r1");
            respond(ex, 202, "{\"id\":\"r1\",\"type\":\"consolidation\",\"status\":\"running\"}");
        });
        server.createContext("/v1/maintenance/runs/r1", ex -> respond(ex, 200, polls.incrementAndGet() < 3
                ? "{\"id\":\"r1\",\"type\":\"consolidation\",\"status\":\"running\",\"completedAt\":null}"
                : "{\"id\":\"r1\",\"type\":\"consolidation\",\"success\":true,\"description\":\"Merged 2 near-duplicate "
                + "memories into 1 survivors\",\"details\":{\"groups\":1,\"merged\":2},\"completedAt\":\"2026-11-14T09:00:00Z\","
                + "\"groups\":[{\"survivorId\":\"s\",\"supersededIds\":[\"a\",\"b\"]}],\"polls\":" + polls.get() + "}"));
        server.start();
        cli = new CliRunner("http://127.0.0.1:" + server.getAddress().getPort(), KEY).workingDirectory(dir);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldStreamAnNdjsonExportToTheFileAndSummariseItsFooter() throws Exception {
        Path file = dir.resolve("backup.ndjson");

        CliRunner.Run run = cli.run("export", file.toString(), "--embeddings", "--progress");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(seen.get("export")).isEqualTo("format=ndjson&embeddings=true");
        assertThat(seen.get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(seen.get("accept-encoding")).as("the export is asked for compressed").isEqualTo("gzip");
        List<String> lines = Files.readAllLines(file); // and written decompressed
        assertThat(lines).hasSize(RECORDS + 2);
        assertThat(lines.get(0)).contains("\"kind\":\"header\"");
        assertThat(lines.get(lines.size() - 1)).contains("\"kind\":\"footer\"");
        assertThat(Files.exists(dir.resolve("backup.ndjson.part"))).isFalse();
        assertThat(run.stdout()).contains("Exported").contains(file.toString()).containsPattern("memory\\s+" + "20,000");
        assertThat(run.stderr()).as("progress meter").contains("\rexporting").contains("20,002 records")
                .endsWith("\n").doesNotContain(KEY);
    }

    @Test
    void shouldPrintTheSummaryAsJsonAndStayQuietWithoutATerminal() throws Exception {
        Path file = dir.resolve("backup.ndjson");
        CliRunner.Run run = cli.run("--json", "export", file.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode summary = JSON.readTree(run.stdout());
        assertThat(summary.path("counts").path("memory").asInt()).isEqualTo(RECORDS);
        assertThat(summary.path("bytes").asLong()).isEqualTo(Files.size(file));
        assertThat(run.stderr()).as("no progress meter when stderr is not a terminal").isEmpty();
        assertThat(cli.terminal(true).run("export", dir.resolve("again.ndjson").toString(), "--no-progress").stderr())
                .isEmpty();
    }

    @Test
    void shouldRefuseToOverwriteAFileUnlessForced() throws Exception {
        Path file = Files.writeString(dir.resolve("exists.ndjson"), "keep me");
        CliRunner.Run refused = cli.run("export", file.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.stderr()).contains("exists").contains("--force");
        assertThat(Files.readString(file)).isEqualTo("keep me");
        assertThat(cli.run("export", file.toString(), "--force").exitCode()).isZero();
        assertThat(Files.readString(file)).startsWith("{\"kind\":\"header\"");
    }

    @Test
    void shouldKeepNothingWhenTheExportBreaksOff() {
        Path cut = dir.resolve("cut.ndjson");
        CliRunner.Run broken = cli.run("export", cut.toString(), "--format", "csv");
        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(broken.stderr()).contains("broke off").contains("nothing written");
        assertThat(cut).doesNotExist();
        assertThat(dir.resolve("cut.ndjson.part")).doesNotExist();
    }

    @Test
    void shouldKeepNothingWhenTheExportHasNoFooter() {
        Path incomplete = dir.resolve("incomplete.ndjson");
        seen.put("omit-footer", "yes");
        CliRunner.Run noFooter = cli.run("export", incomplete.toString());
        assertThat(noFooter.exitCode()).as(noFooter.toString()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(noFooter.stderr()).contains("without its footer");
        assertThat(incomplete).doesNotExist();
        assertThat(dir.resolve("incomplete.ndjson.part")).doesNotExist();
    }

    @Test
    void shouldRefuseADirectoryThatDoesNotExist() {
        CliRunner.Run run = cli.run("export", dir.resolve("missing/backup.ndjson").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("cannot write to").contains("missing");
        assertThat(seen).as("nothing was requested").doesNotContainKey("export");
    }

    @Test
    void shouldExportToStdout() {
        CliRunner.Run run = cli.run("export", "-");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines().count()).isEqualTo(RECORDS + 2);
    }

    @Test
    void shouldStreamTheFileToImportAndPrintTheReport() throws Exception {
        Path file = dir.resolve("backup.ndjson");
        assertThat(cli.run("export", file.toString()).exitCode()).isZero();

        CliRunner.Run run = cli.run("import", file.toString(), "--progress");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(seen.get("import-type")).isEqualTo("application/x-ndjson");
        assertThat(seen.get("import-query")).isNull();
        assertThat(Long.parseLong(seen.get("import-bytes"))).as("every byte arrived").isEqualTo(Files.size(file));
        assertThat(run.stdout()).containsPattern("memory\\s+20,000\\s+0").containsPattern("Rejected:\\s+0");
        assertThat(run.stderr()).contains("\rimporting [").contains("100%");
    }

    @Test
    void shouldExitOneAndListRejectedRecords() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"header\":{},\"memory\":[]}");
        seen.put("reject", "yes");

        CliRunner.Run run = cli.run("import", file.toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(seen.get("import-type")).as("*.json").isEqualTo("application/json");
        assertThat(seen.get("import-query")).isEqualTo("dryRun=true");
        assertThat(run.stdout()).contains("Dry run").containsPattern("Rejected:\\s+3")
                .containsPattern("12\\s+memory\\s+m-12\\s+invalid JSON").contains("1 more rejected records not listed");
        CliRunner.Run json = cli.run("--json", "import", file.toString());
        assertThat(json.exitCode()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(JSON.readTree(json.stdout()).path("rejected")).hasSize(2);
    }

    @Test
    void shouldImportFromStdin() {
        CliRunner.Run run = cli.stdin("{\"kind\":\"header\"}\n{\"kind\":\"footer\"}\n".getBytes(StandardCharsets.UTF_8))
                .run("import", "-");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(seen.get("import-bytes")).isEqualTo("36");
    }

    @Test
    void shouldGiveUpAfterTheTimeoutWithExitCodeThree() {
        long t0 = System.nanoTime();
        CliRunner.Run run = cli.run("stats", "--timeout", "300ms");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.stderr()).contains("no answer").contains("300 ms");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_500);
    }

    @Test
    void shouldFollowAnAsynchronousRunUntilItCompletes() throws Exception {
        CliRunner.Run run = cli.run("--json", "consolidate");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(JSON.readTree(run.stdout()).path("polls").asInt()).isEqualTo(3);
        CliRunner.Run human = cli.run("consolidate", "--dry-run");
        assertThat(human.stdout()).contains("succeeded").contains("Merged 2").containsPattern("s\\s+a, b");
    }

    private void export(HttpExchange ex) throws IOException {
        seen.put("export", ex.getRequestURI().getRawQuery());
        seen.put("authorization", ex.getRequestHeaders().getFirst("Authorization"));
        boolean cut = ex.getRequestURI().getRawQuery().contains("format=csv");
        ex.getResponseHeaders().add("Content-Type", "application/x-ndjson");
        // as the real server: gzip when the client accepts it (the CLI does, and must undo it)
        String accepts = ex.getRequestHeaders().getFirst("Accept-Encoding");
        seen.put("accept-encoding", String.valueOf(accepts));
        boolean gzip = accepts != null && accepts.contains("gzip");
        if (gzip) {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
        }
        ex.sendResponseHeaders(200, 0); // chunked
        try (OutputStream out = gzip ? new java.util.zip.GZIPOutputStream(ex.getResponseBody(), true)
                : ex.getResponseBody()) {
            out.write("{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1}\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < RECORDS; i++) {
                out.write(("{\"kind\":\"memory\",\"data\":{\"id\":\"m-" + i + "\",\"content\":\"memory number " + i
                        + "\"}}\n").getBytes(StandardCharsets.UTF_8));
                if (cut && i == 100) {
                    out.flush();
                    ex.getHttpContext().getServer().stop(0); // the connection dies mid-stream (and the server with it)
                    return;
                }
            }
            if (seen.remove("omit-footer") == null) {
                out.write(("{\"kind\":\"footer\",\"counts\":{\"memory\":" + RECORDS + ",\"context\":0}}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void importBody(HttpExchange ex) throws IOException {
        seen.put("import-type", ex.getRequestHeaders().getFirst("Content-Type"));
        if (ex.getRequestURI().getRawQuery() != null) {
            seen.put("import-query", ex.getRequestURI().getRawQuery());
        }
        long bytes = 0;
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[8192];
            for (int r; (r = in.read(buf)) >= 0; ) {
                bytes += r;
            }
        }
        seen.put("import-bytes", Long.toString(bytes));
        String rejected = seen.containsKey("reject")
                ? "[{\"line\":12,\"kind\":\"memory\",\"id\":\"m-12\",\"reason\":\"invalid JSON\"},"
                + "{\"line\":13,\"kind\":\"context\",\"id\":null,\"reason\":\"id-conflict\"}],\"rejectedCount\":3"
                : "[]";
        respond(ex, 200, "{\"created\":{\"memory\":" + RECORDS + ",\"context\":0},\"skipped\":{\"memory\":0},"
                + "\"rejected\":" + rejected + ",\"reembedded\":0,\"dryRun\":" + seen.containsKey("import-query")
                + ",\"tookMillis\":1234}");
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
