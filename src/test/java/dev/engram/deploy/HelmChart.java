package dev.engram.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chart in helm/engram rendered by real Helm (the Go library bundled in helm-java), as a cluster would get it.
 * Kubernetes 1.31 stands in for the cluster version (Helm's offline default, 1.20, is older than the chart allows).
 * <p>
 * `helm template` and client-side dry runs answer the {@code lookup} function with an empty map; helm-java's
 * template tries to reach a cluster instead and fails. Rendering therefore uses a copy of the chart in which each
 * {@code lookup} is that empty map ({@code dict}), and is otherwise the chart's own text.
 */
final class HelmChart {

    static final Path DIR = Path.of("helm", "engram").toAbsolutePath();
    static final String RELEASE = "rel";
    static final String FULLNAME = "rel-engram";
    static final String KUBE_VERSION = "1.31.0";

    private HelmChart() {
    }

    private static final Pattern LOOKUP = Pattern.compile("\\(lookup [^)]*\\)");
    private static Path clientOnlyChart;

    static Helm helm() {
        return new Helm(DIR);
    }

    /** The chart as `helm template` sees it without a cluster: every lookup finds nothing. */
    static Helm clientOnlyHelm() {
        return new Helm(clientOnlyChart());
    }

    private static synchronized Path clientOnlyChart() {
        if (clientOnlyChart == null) {
            clientOnlyChart = copyWithoutLookups();
        }
        return clientOnlyChart;
    }

    private static Path copyWithoutLookups() {
        try {
            Path copy = Files.createTempDirectory("engram-chart");
            copyTree(DIR, copy);
            int replaced = 0;
            try (Stream<Path> templates = Files.walk(copy.resolve("templates"))) {
                for (Path template : templates.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(template);
                    Matcher m = LOOKUP.matcher(text);
                    long found = m.results().count();
                    if (found > 0) {
                        Files.writeString(template, LOOKUP.matcher(text).replaceAll("(dict)"));
                        replaced += (int) found;
                    }
                }
            }
            if (replaced == 0) {
                throw new AssertionError("the chart has no lookup any more: render helm/engram directly");
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rendered manifest text; sets are --set pairs, files are -f values files. */
    static String template(Map<String, String> sets, Path... valuesFiles) {
        return template(clientOnlyChart(), sets, valuesFiles);
    }

    static List<HasMetadata> render(Map<String, String> sets, Path... valuesFiles) {
        return KubernetesObjects.parse(template(sets, valuesFiles));
    }

    private static String template(Path chart, Map<String, String> sets, Path... valuesFiles) {
        TemplateCommand command = new Helm(chart).template()
                .withName(RELEASE).withNamespace("engram").withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    /**
     * The `helm test` pods. helm-java's template leaves hooks out of its output, so this renders a copy of the chart
     * whose test templates lack only the hook annotation; everything else is the chart's own text.
     */
    static List<HasMetadata> renderTestPods(Map<String, String> sets) {
        try {
            Path copy = Files.createTempDirectory("engram-chart");
            copyTree(clientOnlyChart(), copy);
            try (Stream<Path> tests = Files.list(copy.resolve("templates/tests"))) {
                for (Path test : tests.toList()) {
                    String text = Files.readString(test);
                    if (!text.contains("helm.sh/hook: test")) {
                        throw new AssertionError(test.getFileName() + " is not a helm test hook");
                    }
                    Files.writeString(copy.resolve("templates").resolve("hookless-" + test.getFileName()),
                            text.replace("helm.sh/hook: test", "engram.dev/was-hook: test"));
                    Files.delete(test);
                }
            }
            return KubernetesObjects.parse(template(copy, sets)).stream()
                    .filter(o -> o.getMetadata().getAnnotations() != null
                            && o.getMetadata().getAnnotations().containsKey("engram.dev/was-hook"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return (List<T>) objects.stream().filter(kind::isInstance).toList();
    }

    static <T extends HasMetadata> T single(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = ofKind(objects, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }
}
