package dev.engram.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.engram.testing.ConfigProperties;
import dev.engram.testing.ConfigProperties.Property;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import jakarta.validation.Constraint;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.engram.deploy.HelmChart.ofKind;
import static dev.engram.deploy.HelmChart.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every configuration property of the application can be set through the chart, and values.yaml documents it. The
 * properties come from the code at test time: a new engram.* property without chart documentation fails the build.
 */
class ChartConfigCoverageTest {

    private static final Path VALUES = HelmChart.DIR.resolve("values.yaml");
    /** Set through the chart's auth section (a Secret), never through config or secretEnv. */
    private static final String OPERATOR_KEY = "engram.auth.admin-key";

    @Test
    void shouldFindTheApplicationsConfigurationInTheCode() {
        List<Property> properties = ConfigProperties.engramProperties();

        assertThat(properties).extracting(Property::name).contains("engram.embedding.model",
                "engram.tenant.default-tenant", "engram.short-term.session-ttl", "engram.search.rrf-k");
        assertThat(properties).filteredOn(p -> p.name().equals("engram.search.rrf-k")).singleElement()
                .satisfies(p -> assertThat(p.envVar()).isEqualTo("ENGRAM_SEARCH_RRF_K"));
        assertThat(ConfigProperties.applicationPropertiesEnvVars()).contains("ENGRAM_PORT", "ENGRAM_DB_URL",
                "ENGRAM_DB_PASSWORD", "ENGRAM_REDIS_URL", "ENGRAM_DB_POOL_MAX");
        assertThat(ConfigProperties.kebab("defaultTenant")).isEqualTo("default-tenant");
        assertThat(ConfigProperties.kebab("baseURLValue")).isEqualTo("base-url-value");
    }

    @Test
    void shouldSetEveryEngramVariableOfApplicationPropertiesInTheServiceAndTheJobs() {
        List<HasMetadata> objects = HelmChart.render(Map.of());
        Set<String> configMapKeys = single(objects, ConfigMap.class).getData().keySet();
        List<Container> containers = new ArrayList<>();
        containers.addAll(single(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers());
        ofKind(objects, CronJob.class).forEach(c ->
                containers.addAll(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers()));

        for (Container container : containers) {
            Set<String> names = new HashSet<>(configMapKeys);
            container.getEnv().stream().map(EnvVar::getName).forEach(names::add);
            assertThat(names).as(container.getName()).containsAll(ConfigProperties.applicationPropertiesEnvVars());
        }
    }

    @Test
    void shouldDocumentEveryEngramPropertyInValuesYaml() throws IOException {
        List<String> configBlock = configBlock(Files.readAllLines(VALUES));

        List<String> undocumented = ConfigProperties.engramProperties().stream()
                .filter(p -> !documented(configBlock, p.chartPath())).map(Property::name).toList();

        assertThat(undocumented).as("engram.* properties missing from helm/engram/values.yaml under config: (add each "
                + "under its feature key, commented out with its default; secrets via secretEnv or auth)").isEmpty();
    }

    @Test
    void shouldMapEveryEngramPropertyToItsEnvironmentVariable(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> secretEnv = new LinkedHashMap<>();
        Map<String, Object> auth = new LinkedHashMap<>();
        Set<String> fromSecret = new HashSet<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Property p : ConfigProperties.engramProperties()) {
            if (p.name().equals(OPERATOR_KEY)) {
                auth.put("existingSecret", "engram-keys");
                auth.put("existingSecretKey", "operator");
                fromSecret.add(p.envVar());
                continue;
            }
            if (p.secret()) {
                secretEnv.put(p.envVar(), Map.of("name", "engram-keys", "key", p.chartPath().get(0)));
                fromSecret.add(p.envVar());
                continue;
            }
            Object sample = sample(p);
            put(config, p.chartPath(), sample);
            expected.put(p.envVar(), sample instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : String.valueOf(sample));
        }
        Path values = dir.resolve("every-property.yaml");
        new YAMLMapper().writeValue(values.toFile(), Map.of("config", config, "secretEnv", secretEnv, "auth", auth));

        List<HasMetadata> objects = HelmChart.render(Map.of(), values);

        Map<String, String> data = single(objects, ConfigMap.class).getData();
        expected.forEach((env, value) -> assertThat(data).as(env).containsKey(env)
                .hasEntrySatisfying(env, actual -> assertSameValue(env, actual, value)));
        Container engram = single(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(fromSecret).contains("ENGRAM_AUTH_ADMIN_KEY").allSatisfy(env -> assertThat(data).doesNotContainKey(env));
        assertThat(fromSecret).allSatisfy(env -> assertThat(PodAssertions.env(engram, env))
                .as(env).hasValueSatisfying(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName())
                        .isEqualTo("engram-keys")));
    }

    /**
     * The chart's schema refuses at install time exactly the numbers the service would refuse at start-up (its
     * constraints, ConfigValidationTest): a value the schema lets through must not leave a pod crash-looping.
     */
    @Test
    void shouldGiveEveryNumberTheServicesRangeInTheChartSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(HelmChart.DIR.resolve("values.schema.json").toFile())
                .path("properties").path("config");
        List<String> differences = new ArrayList<>();
        for (Property p : ConfigProperties.engramProperties()) {
            Class<?> type = p.type();
            boolean integer = type == int.class || type == Integer.class || type == long.class || type == Long.class;
            if (!integer && type != double.class && type != Double.class) {
                continue;
            }
            JsonNode node = schema;
            for (String key : p.chartPath()) {
                node = node.path("properties").path(key);
            }
            String expected = Range.of(p.annotations()).toSchema(integer);
            String actual = node.isMissingNode() ? "(not in the schema)" : Range.ofSchema(node);
            if (!expected.equals(actual)) {
                differences.add(p.name() + ": service " + expected + ", chart " + actual);
            }
        }
        assertThat(differences).as("helm/engram/values.schema.json under config").isEmpty();
    }

    /** Bounds of a number, from Bean Validation constraints (composed ones included) or from a JSON schema. */
    private record Range(BigDecimal min, boolean minExclusive, BigDecimal max) {

        static Range of(List<Annotation> annotations) {
            Range r = new Range(null, false, null);
            for (Annotation a : annotations) {
                r = r.with(a);
            }
            return r;
        }

        private Range with(Annotation a) {
            if (a instanceof Min m) {
                return new Range(BigDecimal.valueOf(m.value()), false, max);
            } else if (a instanceof DecimalMin m) {
                return new Range(new BigDecimal(m.value()), !m.inclusive(), max);
            } else if (a instanceof Max m) {
                return new Range(min, minExclusive, BigDecimal.valueOf(m.value()));
            } else if (a instanceof DecimalMax m) {
                return new Range(min, minExclusive, new BigDecimal(m.value()));
            } else if (a.annotationType().isAnnotationPresent(Constraint.class)) {
                Range r = this;
                for (Annotation meta : a.annotationType().getAnnotations()) {
                    r = r.with(meta);
                }
                return r;
            }
            return this;
        }

        static String ofSchema(JsonNode node) {
            String type = node.path("type").isArray() ? node.path("type").get(0).asText() : node.path("type").asText();
            StringBuilder out = new StringBuilder(type);
            if (node.has("minimum")) {
                out.append(" >= ").append(node.get("minimum").decimalValue().stripTrailingZeros().toPlainString());
            }
            if (node.has("exclusiveMinimum")) {
                out.append(" > ").append(node.get("exclusiveMinimum").decimalValue().stripTrailingZeros().toPlainString());
            }
            if (node.has("maximum")) {
                out.append(" <= ").append(node.get("maximum").decimalValue().stripTrailingZeros().toPlainString());
            }
            return out.toString();
        }

        String toSchema(boolean integer) {
            StringBuilder out = new StringBuilder(integer ? "integer" : "number");
            if (min != null) {
                out.append(minExclusive ? " > " : " >= ").append(min.stripTrailingZeros().toPlainString());
            }
            if (max != null) {
                out.append(" <= ").append(max.stripTrailingZeros().toPlainString());
            }
            return out.toString();
        }
    }

    private static void assertSameValue(String env, String actual, String expected) {
        if (expected.matches("-?\\d+(\\.\\d+)?")) {
            assertThat(Double.parseDouble(actual)).as(env).isEqualTo(Double.parseDouble(expected));
        } else {
            assertThat(actual).as(env).isEqualTo(expected);
        }
    }

    /** A valid value of the property's type: its default where it has one. */
    private static Object sample(Property p) {
        Class<?> type = p.type();
        String def = p.defaultValue();
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return def == null ? 7 : Integer.parseInt(def);
        }
        if (type == double.class || type == Double.class || type == float.class) {
            return def == null ? 0.25 : Double.parseDouble(def);
        }
        if (type == boolean.class || type == Boolean.class) {
            return def == null || Boolean.parseBoolean(def);
        }
        if (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)) {
            return def == null ? List.of("a", "b") : Arrays.asList(def.split(","));
        }
        if (def != null) {
            return def;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0].toString().toLowerCase().replace('_', '-');
        }
        if (type == java.time.Duration.class) {
            return "PT7S";
        }
        if (type != String.class) {
            throw new AssertionError(p.name() + ": no sample value for " + p.genericType() + "; extend sample()");
        }
        return "sample-" + p.chartPath().get(p.chartPath().size() - 1);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> map, List<String> path, Object value) {
        Map<String, Object> at = map;
        for (String key : path.subList(0, path.size() - 1)) {
            at = (Map<String, Object>) at.computeIfAbsent(key, k -> new LinkedHashMap<>());
        }
        at.put(path.get(path.size() - 1), value);
    }

    /** The lines of the top-level config: block of values.yaml. */
    private static List<String> configBlock(List<String> lines) {
        int start = lines.indexOf("config:");
        assertThat(start).as("values.yaml has a top-level config: key").isNotNegative();
        int end = start + 1;
        while (end < lines.size() && (lines.get(end).isBlank() || lines.get(end).startsWith(" ")
                || lines.get(end).startsWith("#") && lines.get(end + 1).startsWith(" "))) {
            end++;
        }
        return lines.subList(start + 1, end);
    }

    /** The feature key (indent 2) holds a line for the property's key, set or commented out. */
    private static boolean documented(List<String> block, List<String> path) {
        int feature = block.indexOf("  " + path.get(0) + ":");
        if (feature < 0) {
            return false;
        }
        Pattern key = Pattern.compile("^\\s{4,}(#\\s*)?" + Pattern.quote(path.get(path.size() - 1)) + ":.*");
        for (int i = feature + 1; i < block.size(); i++) {
            String line = block.get(i);
            if (line.matches("^ {2}[^ #].*")) {
                return false;
            }
            if (key.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }
}
