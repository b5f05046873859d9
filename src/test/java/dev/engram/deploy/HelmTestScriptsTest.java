package dev.engram.deploy;

import dev.engram.tenant.TestAuth;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The scripts the `helm test` pods run (helm/engram/files), executed with sh and curl against the running
 * application, as the test pods run them against the Service: the health script without credentials, the round trip
 * with the operator key in ENGRAM_AUTH_ADMIN_KEY, as the chart sets it from the auth Secret.
 */
@QuarkusTest
class HelmTestScriptsTest {

    @TestHTTPResource("/")
    URL app;

    @Test
    void shouldPassTheHealthCheckOfHelmTest() throws Exception {
        Result result = run("health.sh", baseUrl(), null);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("GET /q/health/ready", "health ok");
    }

    @Test
    void shouldStoreFindAndDeleteAMemoryWithAThrowAwayTenantInTheRoundTripOfHelmTest() throws Exception {
        Result result = run("roundtrip.sh", baseUrl(), TestAuth.OPERATOR_KEY);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("POST /v1/admin/tenants (helm-test-", "created key ", "stored ", "found ", " over MCP",
                "DELETE /v1/memories/", "revoked key ", "deactivated tenant ", "round trip ok")
                .doesNotContain(TestAuth.OPERATOR_KEY, "egm_");
        Matcher tenant = Pattern.compile("deactivated tenant (helm-test-[0-9a-f]+)").matcher(result.output());
        assertThat(tenant.find()).as(result.output()).isTrue();
        given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .when().get("/v1/admin/tenants/{id}", tenant.group(1))
                .then().statusCode(200).body("active", is(false));
        given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .when().get("/v1/admin/tenants/{id}/keys", tenant.group(1))
                .then().statusCode(200).body("size()", is(1)).body("[0].revokedAt", notNullValue());
    }

    @Test
    void shouldFailTheRoundTripWithoutAValidOperatorKey() throws Exception {
        Result wrongKey = run("roundtrip.sh", baseUrl(), "not-the-operator-key-0123456789abcdef");
        Result noKey = run("roundtrip.sh", baseUrl(), null);

        assertThat(wrongKey.exitCode()).isNotZero();
        assertThat(wrongKey.output()).contains("POST /v1/admin/tenants").doesNotContain("stored ", "round trip ok");
        assertThat(noKey.exitCode()).isNotZero();
        assertThat(noKey.output()).contains("ENGRAM_AUTH_ADMIN_KEY").doesNotContain("round trip ok");
    }

    @Test
    void shouldFailTheHealthCheckWhenTheServiceIsNotThere() throws Exception {
        Result result = run("health.sh", "http://127.0.0.1:1", null);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).doesNotContain("health ok");
    }

    private String baseUrl() {
        String url = app.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Runs the script as the test pod does: ENGRAM_URL, and ENGRAM_AUTH_ADMIN_KEY from the Secret (null: unset). */
    private static Result run(String script, String url, String operatorKey) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "curl is not installed");
        ProcessBuilder builder = new ProcessBuilder("sh", HelmChart.DIR.resolve("files").resolve(script).toString())
                .redirectErrorStream(true);
        builder.environment().put("ENGRAM_URL", url);
        builder.environment().remove("ENGRAM_AUTH_ADMIN_KEY");
        if (operatorKey != null) {
            builder.environment().put("ENGRAM_AUTH_ADMIN_KEY", operatorKey);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
