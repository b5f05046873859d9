package dev.engram.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Server URL and key resolution, --timeout values, and key redaction. */
class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeTheUrlFromTheOptionThenTheEnvironmentThenTheDefault() {
        assertThat(Settings.url("http://a:1/", Map.of("ENGRAM_URL", "http://b:2"))).hasToString("http://a:1");
        assertThat(Settings.url(null, Map.of("ENGRAM_URL", "https://b:2/engram//"))).hasToString("https://b:2/engram");
        assertThat(Settings.url(" ", Map.of())).hasToString("http://127.0.0.1:8080");
    }

    @Test
    void shouldRejectUrlsThatAreNotHttp() {
        for (String bad : new String[] {"127.0.0.1:8080", "ftp://host", "http://", "http://host?x=1", "not a url"}) {
            assertThatThrownBy(() -> Settings.url(bad, Map.of())).as(bad).isInstanceOf(CliException.class)
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
        }
    }

    @Test
    void shouldTakeTheKeyFromTheOptionThenTheEnvironmentThenTheKeyFile() throws Exception {
        assertThat(Settings.key(null, Map.of(), dir)).isNull();
        Files.createDirectories(dir.resolve(".engram"));
        Files.writeString(dir.resolve(".engram/api-key"), "egm_file_key\n");
        assertThat(Settings.key(null, Map.of(), dir)).isEqualTo("egm_file_key");
        assertThat(Settings.key(null, Map.of("ENGRAM_KEY", " egm_env "), dir)).isEqualTo("egm_env");
        assertThat(Settings.key("egm_option", Map.of("ENGRAM_KEY", "egm_env"), dir)).isEqualTo("egm_option");
        Files.writeString(dir.resolve(".engram/api-key"), "  \n");
        assertThat(Settings.key(null, Map.of(), dir)).as("empty file").isNull();
    }

    @Test
    void shouldParseTimeouts() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(c.convert("PT2S")).isEqualTo(Duration.ofSeconds(2));
        for (String bad : new String[] {"", "x", "0", "-5s", "5d", "ms"}) {
            assertThatThrownBy(() -> c.convert(bad)).as(bad)
                    .isInstanceOf(picocli.CommandLine.TypeConversionException.class);
        }
    }

    @Test
    void shouldRedactTheKeyAndItsSecret() {
        String key = "egm_0123456789abcdef_SECRETsecretSECRETsecret";
        assertThat(Redactor.redact("sent " + key + " and SECRETsecretSECRETsecret", key))
                .isEqualTo("sent <redacted> and <redacted>");
        assertThat(Redactor.redact("nothing here", key)).isEqualTo("nothing here");
        assertThat(Redactor.redact("text", null)).isEqualTo("text");
        assertThat(Redactor.authorization(key)).isEqualTo("Bearer <redacted>").doesNotContain("egm_");
        assertThat(Redactor.authorization(null)).isEqualTo("(none)");
    }

    @Test
    void shouldRedactAWholeSecretThatContainsUnderscores() {
        // the secret is base64url: '_' is one of its characters, so the last '_' of the key is not where it starts
        String secret = "Ab_cD-ef_GHijklmnopqrstuvwxyz0123456789_xyz";
        String key = "egm_0123456789abcdef0123456789abcdef_" + secret;
        assertThat(Redactor.redact("echoed secret " + secret + ".", key)).isEqualTo("echoed secret <redacted>.")
                .doesNotContain("Ab_cD");
        assertThat(Redactor.redact("Bearer " + key, key)).isEqualTo("Bearer <redacted>");
    }
}
