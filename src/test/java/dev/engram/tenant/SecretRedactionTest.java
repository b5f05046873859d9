package dev.engram.tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets never reach the log or an error body: the operator key, API keys (valid, wrong, revoked, malformed),
 * Authorization headers and provider API keys from configuration. The application logs to a file (this profile),
 * with Engram's categories at DEBUG, from start-up on; the test reads it back after the calls. Only the redacted form
 * {@code egm_<id>_…} may appear.
 */
@QuarkusTest
@TestProfile(SecretRedactionTest.LogToFile.class)
class SecretRedactionTest {

    static final Path LOG = Path.of("target", "secret-redaction-test.log");
    static final String PROVIDER_KEYS = "sk-redaction-embedding-7c1e9a sk-redaction-extraction-52bd0f sk-redaction-summary-e83a41";
    /** A full key: id and secret. Its redacted form ends in "_…" and never matches. */
    static final Pattern FULL_KEY = Pattern.compile("egm_[0-9a-f]{32}_[A-Za-z0-9_-]{20,}");

    public static class LogToFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String[] keys = PROVIDER_KEYS.split(" ");
            return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.category.\"dev.engram\".level", "DEBUG",
                    "engram.embedding.api-key", keys[0], "engram.extraction.api-key", keys[1],
                    "engram.summary.api-key", keys[2]);
        }
    }

    private static Response call(String authorization, String method, String path, Object body) {
        var spec = given().contentType(ContentType.JSON);
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        if (body != null) {
            spec.body(body);
        }
        return spec.request(method, path);
    }

    @Test
    void noSecretIsLoggedOrEchoed() throws Exception {
        java.util.logging.Logger.getLogger("dev.engram").setLevel(Level.FINE);
        TestAuth.withoutDefaultKey();
        List<String> secrets = new ArrayList<>(List.of(TestAuth.OPERATOR_KEY, TestAuth.defaultKey()));
        secrets.addAll(List.of(PROVIDER_KEYS.split(" ")));
        List<Response> answers = new ArrayList<>();
        try {
            String operator = "Bearer " + TestAuth.OPERATOR_KEY;
            call(operator, "POST", "/v1/admin/tenants", Map.of("id", "redaction", "name", "Redaction")).then().statusCode(201);
            Response created = call(operator, "POST", "/v1/admin/tenants/redaction/keys",
                    Map.of("name", "k", "scopes", List.of("read", "write", "admin")));
            created.then().statusCode(201);
            String key = created.path("key");
            String keyId = created.path("id");
            Response second = call(operator, "POST", "/v1/admin/tenants/redaction/keys", Map.of("name", "k2", "scopes", List.of("read")));
            String revoked = second.path("key");
            // the secret part follows "egm_<id>_" (it may itself contain '_', so not after the last one)
            secrets.addAll(List.of(key, key.substring(key.indexOf('_', 4) + 1), revoked,
                    revoked.substring(revoked.indexOf('_', 4) + 1)));

            answers.add(call("Bearer " + key, "POST", "/v1/memories", Map.of("content", "redaction test memory")));
            answers.add(call("Bearer " + key, "GET", "/v1/memories", null));
            String wrongSecret = key.substring(0, key.length() - 4) + "AAAA";
            secrets.add(wrongSecret);
            answers.add(call("Bearer " + wrongSecret, "GET", "/v1/memories", null));
            call(operator, "DELETE", "/v1/admin/tenants/redaction/keys/" + second.path("id"), null).then().statusCode(204);
            answers.add(call("Bearer " + revoked, "GET", "/v1/memories", null));
            String unknown = "egm_00000000000000000000000000000000_" + "Z".repeat(43);
            String malformed = "egm_not-a-key_s3cr3t-malformed-value-91x";
            String other = "sk-live-not-an-engram-key-4d2f1b77";
            secrets.addAll(List.of(unknown, malformed, other, "dXNlcjpzM2NyM3QtYmFzaWM="));
            answers.add(call("Bearer " + unknown, "GET", "/v1/memories", null));
            answers.add(call("Bearer " + malformed, "GET", "/v1/memories", null));
            answers.add(call("Bearer " + other, "GET", "/v1/memories", null));
            answers.add(call("Basic dXNlcjpzM2NyM3QtYmFzaWM=", "GET", "/v1/memories", null));
            answers.add(call(operator, "GET", "/v1/memories", null));                      // operator outside /v1/admin
            answers.add(call("Bearer " + TestAuth.OPERATOR_KEY + "x", "GET", "/v1/admin/tenants", null));
            answers.add(call("Bearer " + key, "GET", "/v1/admin/tenants", null));          // tenant key on operator route
            answers.add(call("Bearer " + key, "GET", "/v1/admin/tenants/redaction/keys", null));
            answers.add(call(null, "GET", "/v1/memories", null));
            call(operator, "DELETE", "/v1/admin/tenants/redaction/keys/" + keyId, null).then().statusCode(204);
            answers.add(call("Bearer " + key, "GET", "/v1/memories", null));
        } finally {
            TestAuth.useDefaultKey();
        }
        assertThat(answers.stream().map(Response::statusCode)).contains(201, 200, 401, 403);
        for (Response answer : answers) {
            String body = answer.asString();
            for (String secret : secrets) {
                assertThat(body).as("answer " + answer.statusCode()).doesNotContain(secret);
            }
            assertThat(FULL_KEY.matcher(body).find()).as(body).isFalse();
        }

        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertThat(log).as("the log file is written").contains("API key egm_").contains("created for tenant redaction");
        for (String secret : secrets) {
            assertThat(log).as("log contains a secret").doesNotContain(secret);
        }
        assertThat(FULL_KEY.matcher(log).find()).as("a full API key in the log").isFalse();
        assertThat(log).doesNotContainIgnoringCase("authorization: ").doesNotContain("Bearer ");
    }
}
