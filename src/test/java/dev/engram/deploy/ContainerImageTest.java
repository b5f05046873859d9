package dev.engram.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles (no container engine here, so their text): non-root, the Quarkus layout, writable /tmp for the
 * native libraries, and the same command as the chart and the CronJobs.
 */
class ContainerImageTest {

    private static final Path DOCKER = Path.of("src", "main", "docker");

    @Test
    void shouldRunTheJvmImageAsNonRootWithTheCommandTheChartAndJobsUse() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile.jvm"));

        assertThat(last(dockerfile, "USER")).isEqualTo("185");
        assertThat(entrypoint(dockerfile)).isEqualTo(PodAssertions.JVM_COMMAND);
        assertThat(defaultCommandOfTheChart()).isEqualTo(PodAssertions.JVM_COMMAND);
        assertThat(dockerfile).contains("COPY --chown=root:root target/quarkus-app/lib/ /deployments/lib/",
                "COPY --chown=root:root target/quarkus-app/*.jar /deployments/",
                "COPY --chown=root:root target/quarkus-app/app/ /deployments/app/",
                "COPY --chown=root:root target/quarkus-app/quarkus/ /deployments/quarkus/", "EXPOSE 8080",
                "DJL_CACHE_DIR=/tmp/djl");
        assertThat(env(dockerfile, "JDK_JAVA_OPTIONS")).isEqualTo(chartValue("jvmOptions"))
                .contains("-Djava.io.tmpdir=/tmp", "-XX:MaxRAMPercentage=40", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void shouldRunTheNativeImageAsNonRootWithTmpAsItsTemporaryDirectory() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile.native"));

        assertThat(last(dockerfile, "USER")).isEqualTo("1001");
        assertThat(entrypoint(dockerfile)).containsExactly("/work/application", "-Djava.io.tmpdir=/tmp");
        assertThat(dockerfile).contains("COPY --chown=root:root --chmod=0755 target/*-runner /work/application",
                "DJL_CACHE_DIR=/tmp/djl");
        assertThat(Files.readString(HelmChart.DIR.resolve("values.yaml")))
                .as("values.yaml tells how to run the native image")
                .contains("[\"/work/application\", \"-Djava.io.tmpdir=/tmp\"]");
    }

    private static String last(String dockerfile, String instruction) {
        String value = null;
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith(instruction + " ")) {
                value = line.substring(instruction.length() + 1).trim();
            }
        }
        return value;
    }

    private static List<String> entrypoint(String dockerfile) throws IOException {
        List<String> command = new ArrayList<>();
        new ObjectMapper().readTree(last(dockerfile, "ENTRYPOINT")).forEach(n -> command.add(n.asText()));
        return command;
    }

    private static String env(String dockerfile, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(m.find()).as(name + " in the Dockerfile").isTrue();
        return m.group(1);
    }

    private static List<String> defaultCommandOfTheChart() throws IOException {
        JsonNode values = KubernetesObjects.documents(Files.readString(HelmChart.DIR.resolve("values.yaml"))).get(0);
        List<String> command = new ArrayList<>();
        values.path("image").path("command").forEach(n -> command.add(n.asText()));
        return command;
    }

    private static String chartValue(String key) throws IOException {
        return KubernetesObjects.documents(Files.readString(HelmChart.DIR.resolve("values.yaml"))).get(0).path(key).asText();
    }
}
