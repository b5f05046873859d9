package dev.engram.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.engram.deploy.HelmChart.ofKind;
import static dev.engram.deploy.HelmChart.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plain manifests in k8s/: every file is a valid object (or a patch of one), the kustomizations are consistent,
 * and, where kubectl is installed, `kubectl kustomize` builds each overlay into valid objects.
 */
class KustomizeManifestsTest {

    private static final Path K8S = Path.of("k8s").toAbsolutePath();
    private static final Path BASE = K8S.resolve("base");

    @Test
    void shouldHaveOnlyValidObjectsInTheBaseAndTheExamples() throws IOException {
        List<HasMetadata> base = baseObjects();

        assertThat(base).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap",
                "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy",
                "CronJob", "CronJob", "CronJob", "CronJob");
        for (String file : List.of("secret.example.yaml", "overlays/dev/secret.yaml")) {
            assertThat(KubernetesObjects.parse(Files.readString(K8S.resolve(file)))).as(file).singleElement()
                    .isInstanceOfSatisfying(Secret.class, secret -> assertThat(secret.getStringData())
                            .containsKeys("ENGRAM_DB_PASSWORD", "admin-key")
                            .as("no usable operator key in the repository: shorter than the 32 characters required")
                            .hasEntrySatisfying("admin-key", key -> assertThat(key).hasSizeLessThan(32)));
        }
    }

    @Test
    void shouldListEveryBaseManifestInTheKustomization() throws IOException {
        JsonNode kustomization = kustomization(BASE);
        Set<String> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));

        try (Stream<Path> files = Files.list(BASE)) {
            assertThat(listed).isEqualTo(files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldPatchOnlyObjectsThatTheBaseHas(String overlay) throws IOException {
        Path dir = K8S.resolve("overlays").resolve(overlay);
        JsonNode kustomization = kustomization(dir);
        Set<String> baseObjects = baseObjects().stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.toSet());

        assertThat(kustomization.path("resources").get(0).asText()).isEqualTo("../../base");
        assertThat(kustomization.path("namespace").asText()).isNotBlank();
        assertThat(kustomization.path("patches")).isNotEmpty();
        for (JsonNode patch : kustomization.path("patches")) {
            JsonNode doc = KubernetesObjects.documents(Files.readString(dir.resolve(patch.path("path").asText()))).get(0);
            assertThat(baseObjects).as(patch.toString())
                    .contains(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText());
        }
    }

    @Test
    void shouldRunTheBaseHardenedWithProbesAndMaintenanceJobs() throws IOException {
        List<HasMetadata> base = baseObjects();
        Deployment deployment = single(base, Deployment.class);

        PodAssertions.assertHardened(deployment.getSpec().getTemplate().getSpec());
        PodAssertions.assertProbes(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
        PodAssertions.assertAdminKeyFromSecret(deployment.getSpec().getTemplate().getSpec().getContainers().get(0),
                "engram-secrets", "admin-key");
        for (CronJob cron : ofKind(base, CronJob.class)) {
            String job = cron.getMetadata().getLabels().get("engram.dev/job");
            assertThat(cron.getMetadata().getName()).isEqualTo("engram-" + job);
            PodAssertions.assertMaintenanceJob(cron, job, PodAssertions.JVM_COMMAND);
            assertThat(cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getEnv()).extracting(e -> e.getName()).as("the jobs make no HTTP calls")
                    .doesNotContain(PodAssertions.ADMIN_KEY_ENV);
            var container = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getEnvFrom()).as("no whole Secret in a job: it would carry the operator key")
                    .allSatisfy(source -> assertThat(source.getSecretRef()).isNull());
            assertThat(container.getEnv()).as("no Secret key other than the jobs' own")
                    .filteredOn(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .extracting(e -> e.getValueFrom().getSecretKeyRef().getKey()).doesNotContain("admin-key");
        }
        assertThat(ofKind(base, CronJob.class)).extracting(c -> c.getMetadata().getLabels().get("engram.dev/job"))
                .containsExactlyInAnyOrderElementsOf(PodAssertions.JOBS);
        assertThat(single(base, NetworkPolicy.class).getSpec().getEgress()).flatExtracting(r -> r.getPorts())
                .extracting(p -> p.getPort().getIntVal()).containsExactlyInAnyOrder(53, 53, 5432, 6379);
    }

    @Test
    void shouldBuildTheProductionOverlayWithKubectlKustomize() throws Exception {
        List<HasMetadata> prod = KubernetesObjects.parse(kustomize("prod"));

        assertThat(prod).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("engram"));
        assertThat(prod).filteredOn(o -> o instanceof Secret).isEmpty();
        Deployment deployment = single(prod, Deployment.class);
        Container engram = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(engram.getImage()).isEqualTo("registry.example.com/engram/engram:0.1.0");
        assertThat(engram.getResources().getRequests().get("memory").toString()).isEqualTo("1Gi");
        PodAssertions.assertHardened(deployment.getSpec().getTemplate().getSpec());
        PodAssertions.assertProbes(engram);
        PodAssertions.assertAdminKeyFromSecret(engram, "engram-secrets", "admin-key");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .extracting(t -> t.getTopologyKey())
                .containsExactlyInAnyOrder("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        HorizontalPodAutoscaler hpa = single(prod, HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(20);
        PodDisruptionBudget pdb = single(prod, PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
        assertThat(single(prod, ConfigMap.class).getData()).containsEntry("ENGRAM_DB_POOL_MAX", "8")
                .containsEntry("ENGRAM_EMBEDDING_MODEL", "all-minilm-l6-v2-q");
        for (CronJob cron : ofKind(prod, CronJob.class)) {
            PodAssertions.assertMaintenanceJob(cron, cron.getMetadata().getLabels().get("engram.dev/job"),
                    PodAssertions.JVM_COMMAND);
            assertThat(cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getImage()).isEqualTo("registry.example.com/engram/engram:0.1.0");
        }
    }

    @Test
    void shouldBuildTheDevelopmentOverlayWithKubectlKustomize() throws Exception {
        List<HasMetadata> dev = KubernetesObjects.parse(kustomize("dev"));

        assertThat(dev).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("engram-dev"));
        assertThat(single(dev, Secret.class).getMetadata().getName()).isEqualTo("engram-secrets");
        HorizontalPodAutoscaler hpa = single(dev, HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(2);
        Container engram = single(dev, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(engram.getImage()).isEqualTo("registry.example.com/engram/engram:0.1.0-dev");
        assertThat(engram.getImagePullPolicy()).isEqualTo("Always");
        assertThat(engram.getStartupProbe()).as("patch merged, probes kept").isNotNull();
        PodAssertions.assertAdminKeyFromSecret(engram, "engram-secrets", "admin-key");
        assertThat(ofKind(dev, CronJob.class)).hasSize(4);
    }

    private static List<HasMetadata> baseObjects() throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode resource : kustomization(BASE).path("resources")) {
            objects.addAll(KubernetesObjects.parse(Files.readString(BASE.resolve(resource.asText()))));
        }
        return objects;
    }

    private static JsonNode kustomization(Path dir) throws IOException {
        return KubernetesObjects.documents(Files.readString(dir.resolve("kustomization.yaml"))).get(0);
    }

    /** `kubectl kustomize k8s/overlays/<name>`; skipped where kubectl is not installed. */
    private static String kustomize(String overlay) throws IOException, InterruptedException {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(kubectl != null, "kubectl is not installed: `kubectl kustomize` not checked");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", K8S.resolve("overlays/" + overlay).toString())
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
