package dev.engram.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What every Engram pod (service or job), from the chart or from k8s/, must look like. */
final class PodAssertions {

    /** The command-mode contract of the JVM image: `java -jar /deployments/quarkus-run.jar job <name>`. */
    static final List<String> JVM_COMMAND = List.of("java", "-jar", "/deployments/quarkus-run.jar");
    static final List<String> JOBS = List.of("cleanup", "consolidate", "decay", "promote");

    private PodAssertions() {
    }

    /** Non-root, seccomp RuntimeDefault, read-only root FS with /tmp on an emptyDir, no capabilities, no token. */
    static void assertHardened(PodSpec pod) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow();
        assertThat(tmp.getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
        assertThat(tmp.getEmptyDir().getSizeLimit()).isNotNull();
        for (Container c : pod.getContainers()) {
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName() + " read-only root FS").isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(c.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("tmp");
                assertThat(m.getMountPath()).isEqualTo("/tmp");
            });
            Map<String, String> env = plainEnv(c);
            assertThat(env.get("JDK_JAVA_OPTIONS")).contains("-Djava.io.tmpdir=/tmp", "-XX:MaxRAMPercentage=");
            assertThat(env.get("DJL_CACHE_DIR")).startsWith("/tmp/");
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).containsKey("memory");
        }
    }

    /** Startup, readiness and liveness probes on the Quarkus health endpoints of the HTTP port. */
    static void assertProbes(Container c) {
        assertProbe(c.getStartupProbe(), "/q/health/started");
        assertProbe(c.getReadinessProbe(), "/q/health/ready");
        assertProbe(c.getLivenessProbe(), "/q/health/live");
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        // the start-up (model load, migrations) may take long on a busy node; liveness must not kill it meanwhile
        Probe startup = c.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(120);
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(probe.getTimeoutSeconds()).isPositive();
    }

    /** A CronJob that runs the image in command mode, never twice at once, with bounded retries and history. */
    static void assertMaintenanceJob(CronJob cron, String job, List<String> command) {
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(cron.getSpec().getSuccessfulJobsHistoryLimit()).isBetween(1, 10);
        assertThat(cron.getSpec().getFailedJobsHistoryLimit()).isBetween(1, 10);
        assertThat(cron.getSpec().getStartingDeadlineSeconds()).isPositive();
        JobSpec spec = cron.getSpec().getJobTemplate().getSpec();
        assertThat(spec.getBackoffLimit()).isBetween(0, 6);
        assertThat(spec.getActiveDeadlineSeconds()).isPositive();
        PodSpec pod = spec.getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertHardened(pod);
        Container container = pod.getContainers().get(0);
        assertThat(container.getCommand()).isEqualTo(command);
        assertThat(container.getArgs()).containsExactly("job", job);
        assertThat(container.getLivenessProbe()).isNull();
        assertThat(pod.getContainers()).hasSize(1);
    }

    /** The operator key comes from exactly this Secret key, never from a literal value. */
    static void assertAdminKeyFromSecret(Container c, String secret, String key) {
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals(ADMIN_KEY_ENV)).singleElement().satisfies(e -> {
            assertThat(e.getValue()).as("no literal operator key").isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
        });
    }

    static final String ADMIN_KEY_ENV = "ENGRAM_AUTH_ADMIN_KEY";

    static Map<String, String> plainEnv(Container c) {
        return c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b));
    }

    static Optional<EnvVar> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }
}
