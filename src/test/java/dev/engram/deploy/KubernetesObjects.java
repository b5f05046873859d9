package dev.engram.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses rendered manifests into the fabric8 Kubernetes model and checks what the API server would check first: a
 * known apiVersion/kind, no unknown or mistyped field anywhere, names and labels of the allowed form, required fields,
 * and selectors that match their pod templates.
 */
final class KubernetesObjects {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class));

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private static final YAMLMapper YAML = new YAMLMapper();
    /** No "3" for an int, no 3 for a string: the API server rejects both. */
    private static final ObjectMapper STRICT = strictMapper();

    private KubernetesObjects() {
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** Every non-empty YAML document of a (multi-document) manifest, as a tree. */
    static List<JsonNode> documents(String yaml) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML", e);
        }
    }

    /** Parses and validates every object of a manifest; fails with the object and the reason. */
    static List<HasMetadata> parse(String yaml) {
        return documents(yaml).stream().map(KubernetesObjects::toValidObject).toList();
    }

    static HasMetadata toValidObject(JsonNode doc) {
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> kind = KINDS.get(type);
        if (kind == null) {
            throw new AssertionError("unknown or unexpected apiVersion/kind " + type);
        }
        String where = type + " " + doc.path("metadata").path("name").asText("<no name>");
        HasMetadata object;
        try {
            object = STRICT.treeToValue(doc, kind);
        } catch (IOException | IllegalArgumentException e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        unknownFields(object, "", problems);
        problems.addAll(ObjectRules.check(object));
        if (!problems.isEmpty()) {
            throw new AssertionError(where + ": " + String.join("; ", problems));
        }
        return object;
    }

    /** Fields the model does not know land in additionalProperties: a typo or a field at the wrong level. */
    private static void unknownFields(Object value, String path, List<String> problems) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class || getter.isDefault()) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "/" : path));
                }
            } else {
                String name = getter.getName().substring(3);
                unknownFields(child, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), problems);
            }
        }
    }

    /** The validation rules of the API server that matter for these manifests. */
    static final class ObjectRules {

        private ObjectRules() {
        }

        static List<String> check(HasMetadata object) {
            List<String> problems = new ArrayList<>();
            String name = object.getMetadata() == null ? null : object.getMetadata().getName();
            if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
                problems.add("metadata.name '" + name + "' is not a DNS subdomain");
            }
            if (object.getMetadata() != null && object.getMetadata().getLabels() != null) {
                labels(object.getMetadata().getLabels(), "metadata.labels", problems);
            }
            if (object instanceof Deployment d) {
                selectorMatches(d.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels(),
                        "spec.selector", problems);
                podSpec(d.getSpec().getTemplate().getSpec(), "spec.template.spec", problems);
                labels(d.getSpec().getTemplate().getMetadata().getLabels(), "spec.template.metadata.labels", problems);
            } else if (object instanceof CronJob c) {
                if (name != null && name.length() > 52) {
                    problems.add("CronJob name longer than 52 characters");
                }
                if (c.getSpec().getSchedule() == null || c.getSpec().getSchedule().isBlank()) {
                    problems.add("spec.schedule missing");
                }
                PodSpec pod = c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
                if (!List.of("Never", "OnFailure").contains(pod.getRestartPolicy())) {
                    problems.add("a Job's restartPolicy must be Never or OnFailure");
                }
                podSpec(pod, "spec.jobTemplate.spec.template.spec", problems);
            } else if (object instanceof Pod p) {
                podSpec(p.getSpec(), "spec", problems);
            } else if (object instanceof Service s) {
                if (name != null && (name.length() > 63 || !DNS_LABEL.matcher(name).matches())) {
                    problems.add("a Service name must be a DNS label");
                }
                if (s.getSpec().getPorts() == null || s.getSpec().getPorts().isEmpty()) {
                    problems.add("spec.ports empty");
                }
            } else if (object instanceof HorizontalPodAutoscaler h) {
                Integer min = h.getSpec().getMinReplicas();
                if (h.getSpec().getMaxReplicas() == null || (min != null && min > h.getSpec().getMaxReplicas())) {
                    problems.add("maxReplicas missing or below minReplicas");
                }
                if (h.getSpec().getScaleTargetRef() == null) {
                    problems.add("spec.scaleTargetRef missing");
                }
            } else if (object instanceof PodDisruptionBudget pdb) {
                if ((pdb.getSpec().getMinAvailable() == null) == (pdb.getSpec().getMaxUnavailable() == null)) {
                    problems.add("exactly one of minAvailable and maxUnavailable must be set");
                }
            } else if (object instanceof NetworkPolicy np && np.getSpec().getPodSelector() == null) {
                problems.add("spec.podSelector missing");
            }
            return problems;
        }

        private static void podSpec(PodSpec spec, String path, List<String> problems) {
            if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
                problems.add(path + ".containers empty");
                return;
            }
            List<String> volumes = spec.getVolumes() == null ? List.of()
                    : spec.getVolumes().stream().map(v -> v.getName()).toList();
            for (Container c : spec.getContainers()) {
                if (c.getName() == null || !DNS_LABEL.matcher(c.getName()).matches()) {
                    problems.add(path + ": container name '" + c.getName() + "' is not a DNS label");
                }
                if (c.getImage() == null || c.getImage().isBlank()) {
                    problems.add(path + ": container " + c.getName() + " has no image");
                }
                if (c.getEnv() != null) {
                    c.getEnv().forEach(e -> {
                        if (e.getName() == null || !ENV_NAME.matcher(e.getName()).matches()) {
                            problems.add(path + ": env name '" + e.getName() + "'");
                        }
                        if (e.getValue() != null && e.getValueFrom() != null) {
                            problems.add(path + ": env " + e.getName() + " has both value and valueFrom");
                        }
                    });
                }
                if (c.getVolumeMounts() != null) {
                    c.getVolumeMounts().stream().filter(m -> !volumes.contains(m.getName())).forEach(m ->
                            problems.add(path + ": volumeMount " + m.getName() + " has no volume"));
                }
            }
        }

        private static void labels(Map<String, String> labels, String path, List<String> problems) {
            labels.forEach((k, v) -> {
                if (v == null || v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
                    problems.add(path + ": label " + k + "='" + v + "' is not a valid label value");
                }
            });
        }

        private static void selectorMatches(LabelSelector selector, Map<String, String> labels, String path,
                                            List<String> problems) {
            if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
                problems.add(path + " empty");
            } else if (labels == null || !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
                problems.add(path + " does not match the pod template's labels");
            }
        }
    }
}
