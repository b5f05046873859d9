package dev.engram.deploy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The scripts the `helm test` pods run (helm/engram/files), executed with sh and curl against the running
 * application, as the test pods run them against the Service.
 */
@QuarkusTest
class HelmTestScriptsTest {

    @TestHTTPResource("/")
    URL app;

    @Test
    void shouldPassTheHealthCheckOfHelmTest() throws Exception {
        Result result = run("health.sh", baseUrl());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("GET /q/health/ready", "health ok");
    }

    @Test
    void shouldStoreFindAndDeleteAMemoryInTheRoundTripOfHelmTest() throws Exception {
        Result result = run("roundtrip.sh", baseUrl());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("stored ", "found ", "DELETE /v1/memories/", "round trip ok");
    }

    @Test
    void shouldFailTheHealthCheckWhenTheServiceIsNotThere() throws Exception {
        Result result = run("health.sh", "http://127.0.0.1:1");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).doesNotContain("health ok");
    }

    private String baseUrl() {
        String url = app.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Result run(String script, String url) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "curl is not installed");
        ProcessBuilder builder = new ProcessBuilder("sh", HelmChart.DIR.resolve("files").resolve(script).toString())
                .redirectErrorStream(true);
        builder.environment().put("ENGRAM_URL", url);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
