package dev.engram.deploy;

import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.engram.deploy.HelmChart.FULLNAME;
import static dev.engram.deploy.HelmChart.ofKind;
import static dev.engram.deploy.HelmChart.render;
import static dev.engram.deploy.HelmChart.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Helm chart, rendered by real Helm with default, production and invalid values. */
class HelmChartTest {

    private static final Path PRODUCTION = HelmChart.DIR.resolve("values-production.yaml");

    @Test
    void shouldLintWithoutWarnings() {
        LintResult lint = HelmChart.helm().lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).allSatisfy(m -> assertThat(m).startsWith("[INFO]"));
    }

    @Test
    void shouldRenderEveryPieceAsAValidKubernetesObjectWithDefaultValues() {
        List<HasMetadata> objects = render(Map.of());

        Map<String, Long> kinds = objects.stream().collect(Collectors.groupingBy(HasMetadata::getKind, Collectors.counting()));
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of("ServiceAccount", 1L, "Secret", 2L, "ConfigMap", 1L,
                "Service", 1L, "Deployment", 1L, "HorizontalPodAutoscaler", 1L, "PodDisruptionBudget", 1L,
                "NetworkPolicy", 1L, "CronJob", 4L));
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                .containsEntry("app.kubernetes.io/version", "0.1.0"));
    }

    @Test
    void shouldRunTheServiceHardenedWithProbesAndSizedResources() {
        List<HasMetadata> objects = render(Map.of());
        Deployment deployment = single(objects, Deployment.class);
        Container engram = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(deployment.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        PodAssertions.assertHardened(deployment.getSpec().getTemplate().getSpec());
        PodAssertions.assertProbes(engram);
        assertThat(engram.getImage()).isEqualTo("registry.example.com/engram/engram:0.1.0");
        assertThat(engram.getCommand()).isEqualTo(PodAssertions.JVM_COMMAND);
        assertThat(engram.getResources().getRequests().get("memory").toString()).isEqualTo("768Mi");
        assertThat(engram.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(engram.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKeys("checksum/config", "checksum/secret", "checksum/auth").containsEntry("prometheus.io/path", "/q/metrics");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0)
                .getLabelSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        Service service = single(objects, Service.class);
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(single(objects, ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void shouldAutoscaleOnCpuWithinBoundsAndKeepPodsThroughDisruptions() {
        List<HasMetadata> objects = render(Map.of());
        HorizontalPodAutoscaler hpa = single(objects, HorizontalPodAutoscaler.class);
        PodDisruptionBudget pdb = single(objects, PodDisruptionBudget.class);

        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(FULLNAME);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(300);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "server");
    }

    @Test
    void shouldRunEachMaintenanceJobInCommandModeOnItsSchedule() {
        List<CronJob> cronJobs = ofKind(render(Map.of("cronJobs.jobs.decay.schedule", "5 4 * * *")), CronJob.class);

        Map<String, CronJob> byJob = cronJobs.stream().collect(Collectors.toMap(
                c -> c.getMetadata().getLabels().get("engram.dev/job"), c -> c));
        assertThat(byJob.keySet()).containsExactlyInAnyOrderElementsOf(PodAssertions.JOBS);
        byJob.forEach((job, cron) -> {
            assertThat(cron.getMetadata().getName()).isEqualTo(FULLNAME + "-" + job);
            PodAssertions.assertMaintenanceJob(cron, job, PodAssertions.JVM_COMMAND);
            Container container = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(PodAssertions.plainEnv(container)).containsEntry("ENGRAM_DB_POOL_MAX", "4");
            assertThat(cron.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
        });
        assertThat(byJob.get("cleanup").getSpec().getSchedule()).isEqualTo("17 * * * *");
        assertThat(byJob.get("decay").getSpec().getSchedule()).isEqualTo("5 4 * * *");
        assertThat(byJob.get("promote").getSpec().getSchedule()).isEqualTo("*/10 * * * *");
        assertThat(byJob.get("consolidate").getSpec().getSchedule()).isEqualTo("41 2 * * *");
        assertThat(byJob.get("promote").getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds()).isEqualTo(600);
    }

    @Test
    void shouldTakeCredentialsFromExistingSecretsWithProductionValues() {
        List<HasMetadata> objects = render(Map.of(), PRODUCTION);
        Container engram = single(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(ofKind(objects, Secret.class)).as("no Secret with values in production").isEmpty();
        PodAssertions.assertAdminKeyFromSecret(engram, "engram-auth", "admin-key");
        assertThat(single(objects, ConfigMap.class).getData()).doesNotContainKey(PodAssertions.ADMIN_KEY_ENV);
        assertThat(PodAssertions.env(engram, "ENGRAM_DB_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef())
                .satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo("engram-postgresql");
                    assertThat(ref.getKey()).isEqualTo("password");
                });
        assertThat(PodAssertions.env(engram, "QUARKUS_REDIS_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef()
                .getName()).isEqualTo("engram-redis");
        assertThat(PodAssertions.plainEnv(engram)).containsEntry("ENGRAM_DB_URL",
                "jdbc:postgresql://postgresql.databases.svc:5432/engram?sslmode=require");
        assertThat(single(objects, ConfigMap.class).getData()).containsEntry("ENGRAM_DB_POOL_MAX", "8")
                .containsEntry("ENGRAM_SHORT_TERM_PROMOTE_ON_END", "true");
        HorizontalPodAutoscaler hpa = single(objects, HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(single(objects, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(single(objects, Ingress.class).getSpec().getRules().get(0).getHost()).isEqualTo("engram.example.com");
        assertThat(engram.getResources().getLimits().get("memory").toString()).isEqualTo("1536Mi");
        assertThat(ofKind(objects, CronJob.class)).hasSize(4);
    }

    @Test
    void shouldAllowIngressOnlyToTheHttpPortAndEgressOnlyToDnsPostgresqlAndRedis() {
        NetworkPolicy defaults = single(render(Map.of()), NetworkPolicy.class);
        NetworkPolicy production = single(render(Map.of(), PRODUCTION), NetworkPolicy.class);

        assertThat(defaults.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(defaults.getSpec().getIngress()).singleElement().satisfies(rule ->
                assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080)));
        assertThat(defaults.getSpec().getEgress()).flatExtracting(r -> r.getPorts())
                .extracting(p -> p.getPort().getIntVal()).containsExactlyInAnyOrder(53, 53, 5432, 6379);
        assertThat(defaults.getSpec().getPodSelector().getMatchLabels())
                .doesNotContainKey("app.kubernetes.io/component");
        assertThat(production.getSpec().getIngress().get(0).getFrom()).hasSize(2);
        assertThat(production.getSpec().getEgress().get(1).getTo().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "databases");
    }

    @Test
    void shouldLeaveOutEveryOptionalPieceThatIsDisabled() {
        List<HasMetadata> objects = render(Map.of("autoscaling.enabled", "false", "podDisruptionBudget.enabled", "false",
                "networkPolicy.enabled", "false", "cronJobs.enabled", "false", "serviceAccount.create", "false",
                "service.enabled", "false", "replicaCount", "3", "postgresql.existingSecret", "pg",
                "auth.existingSecret", "engram-auth"));

        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ConfigMap", "Deployment");
        Deployment deployment = single(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("default");
        assertThat(ofKind(render(Map.of("cronJobs.jobs.decay.enabled", "false")), CronJob.class))
                .extracting(c -> c.getMetadata().getLabels().get("engram.dev/job"))
                .containsExactlyInAnyOrder("cleanup", "consolidate", "promote");
        assertThat(ofKind(render(Map.of("ingress.enabled", "true")), Ingress.class)).hasSize(1);
    }

    @Test
    void shouldKeepEveryNameWithinKubernetesLimitsForALongReleaseName() {
        String longName = "a-very-long-release-name-for-engram-that-fills-sixty-three-char";
        List<HasMetadata> objects = render(Map.of("fullnameOverride", longName, "ingress.enabled", "true"));

        assertThat(longName).hasSize(63);
        assertThat(ofKind(objects, CronJob.class)).hasSize(4).allSatisfy(c ->
                assertThat(c.getMetadata().getName()).hasSizeLessThanOrEqualTo(52).endsWith(
                        c.getMetadata().getLabels().get("engram.dev/job")));
        assertThat(single(objects, Service.class).getMetadata().getName()).isEqualTo(longName);
    }

    @Test
    void shouldScheduleServiceAndJobPodsAlike() {
        List<HasMetadata> objects = render(Map.of("nodeSelector.pool", "engram", "tolerations[0].operator", "Exists",
                "priorityClassName", "engram-high", "imagePullSecrets[0].name", "registry"));

        List<io.fabric8.kubernetes.api.model.PodSpec> pods = new java.util.ArrayList<>();
        pods.add(single(objects, Deployment.class).getSpec().getTemplate().getSpec());
        ofKind(objects, CronJob.class).forEach(c -> pods.add(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
        assertThat(pods).hasSize(5).allSatisfy(pod -> {
            assertThat(pod.getNodeSelector()).containsEntry("pool", "engram");
            assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
            assertThat(pod.getPriorityClassName()).isEqualTo("engram-high");
            assertThat(pod.getImagePullSecrets()).singleElement().satisfies(r -> assertThat(r.getName()).isEqualTo("registry"));
        });
    }

    @Test
    void shouldReadUrlUserAndApiKeysFromSecretsWhenAsked() {
        List<HasMetadata> objects = render(Map.of("postgresql.existingSecret", "pg",
                "postgresql.existingSecretKeys.url", "jdbc-url", "postgresql.existingSecretKeys.user", "username",
                "redis.existingSecret", "rd", "redis.existingSecretKeys.url", "url",
                "secretEnv.ENGRAM_EMBEDDING_API_KEY.name", "llm", "secretEnv.ENGRAM_EMBEDDING_API_KEY.key", "openai",
                "auth.existingSecret", "ops", "auth.existingSecretKey", "operator"));
        Container engram = single(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

        Map<String, String> fromSecrets = engram.getEnv().stream().filter(e -> e.getValueFrom() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValueFrom().getSecretKeyRef().getName() + "/"
                        + e.getValueFrom().getSecretKeyRef().getKey()));
        assertThat(fromSecrets).containsExactlyInAnyOrderEntriesOf(Map.of("ENGRAM_DB_URL", "pg/jdbc-url",
                "ENGRAM_DB_USER", "pg/username", "ENGRAM_DB_PASSWORD", "pg/password", "ENGRAM_REDIS_URL", "rd/url",
                "QUARKUS_REDIS_PASSWORD", "rd/redis-password", "ENGRAM_EMBEDDING_API_KEY", "llm/openai",
                "ENGRAM_AUTH_ADMIN_KEY", "ops/operator"));
        assertThat(ofKind(objects, Secret.class)).isEmpty();
    }

    @Test
    void shouldPutDevelopmentPasswordsIntoTheChartsOwnSecret() {
        List<HasMetadata> objects = render(Map.of("postgresql.password", "pg-dev", "redis.password", "redis-dev"));

        Secret secret = ofKind(objects, Secret.class).stream().filter(o -> o.getMetadata().getName().equals(FULLNAME))
                .findFirst().orElseThrow();
        assertThat(secret.getData()).containsOnlyKeys("ENGRAM_DB_PASSWORD", "QUARKUS_REDIS_PASSWORD");
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("ENGRAM_DB_PASSWORD"))))
                .isEqualTo("pg-dev");
        Container engram = single(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(PodAssertions.env(engram, "QUARKUS_REDIS_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef()
                .getName()).isEqualTo(secret.getMetadata().getName());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "autoscaling.maxReplicas|many",
            "autoscaling.targetCPUUtilizationPercentage|150",
            "image.pullPolicy|Sometimes",
            "replicaCount|-1",
            "unknownTopLevelKey|1",
            "service.port|70000",
            "service.type|Ingress",
            "resources.limits.memory|a lot",
            "cronJobs.jobs.cleanup.schedule|every hour",
            "cronJobs.jobs.nightly.schedule|0 1 * * *",
            "cronJobs.backoffLimit|two",
            "tests.enabled|yes",
            "config.embedding.provider|openia",
            "config.embedding.api-key|sk-in-plain-text",
            "config.extraction.api-key|sk-in-plain-text",
            "config.auth.admin-key|an-operator-key-in-plain-text-0123456789",
            "config.rate-limit.burst|many",
            "config.search.ef-search|0",
            "config.search.semantic-share|1.5",
            "config.short-term.max-turns-per-session|0",
            "config.maintenance.consolidate.similarity-threshold|0.3",
            "config.extraction.provider|gpt",
            "auth.adminKey|shorter-than-32-characters",
            "auth.existingSecretKey|''",
            "config.db.pool-max|twenty",
            "postgresql.url|postgres://db:5432/engram",
            "redis.url|db:6379",
            "podDisruptionBudget.maxUnavailable|one",
            "secretEnv.ENGRAM_SUMMARY_API_KEY.name|only-a-name",
    })
    void shouldRejectValuesThatDoNotMeetTheSchema(String key, String value) {
        assertThatThrownBy(() -> HelmChart.template(Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema");
    }

    @Test
    void shouldRejectTheOperatorKeyAmongSecretEnvBecauseTheAuthSectionOwnsIt() {
        assertThatThrownBy(() -> HelmChart.template(Map.of("secretEnv.ENGRAM_AUTH_ADMIN_KEY.name", "ops",
                "secretEnv.ENGRAM_AUTH_ADMIN_KEY.key", "admin-key")))
                .hasMessageContaining("values don't meet the specifications of the schema");
    }

    @Test
    void shouldGiveOnlyTheServiceTheOperatorKeyFromAGeneratedDevelopmentSecretNeverALiteral() {
        List<HasMetadata> objects = render(Map.of());
        Container engram = single(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

        PodAssertions.assertAdminKeyFromSecret(engram, FULLNAME + "-auth", "admin-key");
        String generated = adminKey(objects);
        assertThat(generated).matches("[A-Za-z0-9]{48}").isNotEqualTo(adminKey(render(Map.of())));
        assertThat(single(objects, ConfigMap.class).getData()).doesNotContainKey(PodAssertions.ADMIN_KEY_ENV)
                .doesNotContainValue(generated);
        assertThat(ofKind(objects, CronJob.class)).hasSize(4).allSatisfy(cron -> assertThat(cron.getSpec()
                .getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName()).doesNotContain(PodAssertions.ADMIN_KEY_ENV));
        String given = "a-development-operator-key-0123456789";
        assertThat(adminKey(render(Map.of("auth.adminKey", given)))).isEqualTo(given);
    }

    private static String adminKey(List<HasMetadata> objects) {
        Secret auth = ofKind(objects, Secret.class).stream()
                .filter(o -> o.getMetadata().getName().equals(FULLNAME + "-auth")).findFirst().orElseThrow();
        assertThat(auth.getData()).containsOnlyKeys("admin-key");
        return new String(java.util.Base64.getDecoder().decode(auth.getData().get("admin-key")));
    }

    @Test
    void shouldRejectMoreMinimumThanMaximumReplicas() {
        assertThatThrownBy(() -> HelmChart.template(Map.of("autoscaling.minReplicas", "6", "autoscaling.maxReplicas", "3")))
                .hasMessageContaining("autoscaling.minReplicas must not exceed autoscaling.maxReplicas");
    }

    @Test
    void shouldShipHelmTestPodsForHealthAndAStoreSearchDeleteRoundTrip() {
        List<Pod> pods = ofKind(HelmChart.renderTestPods(Map.of()), Pod.class);

        assertThat(pods).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(FULLNAME + "-test-health", FULLNAME + "-test-roundtrip");
        assertThat(pods).allSatisfy(pod -> {
            Container c = pod.getSpec().getContainers().get(0);
            assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getImage()).isEqualTo("docker.io/curlimages/curl:8.11.1");
            assertThat(PodAssertions.plainEnv(c)).containsEntry("ENGRAM_URL", "http://" + FULLNAME + ":8080");
            assertThat(pod.getMetadata().getLabels().get("app.kubernetes.io/name"))
                    .as("not selected by the NetworkPolicy, which allows egress only to the databases")
                    .isEqualTo("engram-test");
        });
        String roundTrip = pods.stream().filter(p -> p.getMetadata().getName().endsWith("roundtrip")).findFirst()
                .orElseThrow().getSpec().getContainers().get(0).getArgs().get(0);
        assertThat(roundTrip).contains("/v1/admin/tenants", "/v1/memories\"", "/v1/memories/search", "-X DELETE",
                "round trip ok");
        Map<String, Container> byName = pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getSpec().getContainers().get(0)));
        PodAssertions.assertAdminKeyFromSecret(byName.get(FULLNAME + "-test-roundtrip"), FULLNAME + "-auth", "admin-key");
        assertThat(byName.get(FULLNAME + "-test-health").getEnv()).extracting(e -> e.getName())
                .as("the health check needs no credentials").containsExactly("ENGRAM_URL");
        PodAssertions.assertAdminKeyFromSecret(ofKind(HelmChart.renderTestPods(Map.of("auth.existingSecret", "ops")),
                Pod.class).stream().filter(p -> p.getMetadata().getName().endsWith("roundtrip")).findFirst()
                .orElseThrow().getSpec().getContainers().get(0), "ops", "admin-key");
        assertThat(HelmChart.renderTestPods(Map.of("tests.roundTrip", "false"))).hasSize(1);
        assertThat(HelmChart.renderTestPods(Map.of("tests.enabled", "false"))).isEmpty();
    }

    @Test
    void shouldTellHowToReachAndTestTheReleaseInItsNotes() {
        Release release = HelmChart.clientOnlyHelm().install().withName(HelmChart.RELEASE).withNamespace("engram")
                .withKubeVersion(HelmChart.KUBE_VERSION).clientOnly().dryRun().call();

        assertThat(release.getOutput()).contains("helm test rel -n engram",
                "kubectl -n engram port-forward service/rel-engram 8080:8080",
                "cleanup: 17 * * * *", "up to 75 PostgreSQL connections",
                "neither postgresql.existingSecret nor postgresql.password is set",
                "kubectl -n engram get secret rel-engram-auth -o jsonpath='{.data.admin-key}'",
                "/v1/admin/tenants", "Authorization: Bearer");
    }
}
