package dev.engram.platform;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods a path answers, for the {@code Allow} header that RFC 9110 requires on a 405: RESTEasy Reactive's
 * router throws its {@code NotAllowedException} without one. Built once from the resource classes' {@code @Path}
 * and HTTP method annotations (the same source the router is built from), and a path is matched as JAX-RS matches
 * it: among the templates it matches, the one with the most literal characters, then the most variables.
 */
@Singleton
public class AllowedMethods {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

    @Inject
    BeanManager beans;

    private volatile List<Route> routes;

    /** One path template and every method declared for it. */
    record Route(String template, Pattern pattern, int literalChars, int variables, Set<String> methods) {
    }

    /** The {@code Allow} value for {@code path} (HEAD with GET, OPTIONS always), or empty if no template matches. */
    public Optional<String> allow(String path) {
        String normalized = normalize(path);
        Route best = null;
        for (Route route : routes()) {
            if (route.pattern().matcher(normalized).matches() && (best == null || moreSpecific(route, best))) {
                best = route;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Set<String> allowed = new TreeSet<>(best.methods());
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        allowed.add("OPTIONS");
        return Optional.of(String.join(", ", allowed));
    }

    List<Route> routes() {
        List<Route> r = routes;
        if (r == null) {
            List<Class<?>> resources = new ArrayList<>();
            for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
                if (bean.getBeanClass().isAnnotationPresent(Path.class)) {
                    resources.add(bean.getBeanClass());
                }
            }
            r = routes = of(resources);
        }
        return r;
    }

    /** The routes of these resource classes (package-private for the unit test). */
    static List<Route> of(Iterable<Class<?>> resources) {
        Map<String, Set<String>> methodsByTemplate = new LinkedHashMap<>();
        for (Class<?> resource : resources) {
            String classPath = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String template = normalize(sub == null ? classPath : classPath + "/" + sub.value());
                methodsByTemplate.computeIfAbsent(template, t -> new TreeSet<>()).add(httpMethod);
            }
        }
        List<Route> out = new ArrayList<>();
        methodsByTemplate.forEach((template, methods) -> out.add(route(template, methods)));
        out.sort(Comparator.comparing(Route::template));
        return List.copyOf(out);
    }

    private static Route route(String template, Set<String> methods) {
        StringBuilder regex = new StringBuilder();
        int literal = 0;
        int variables = 0;
        int at = 0;
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(at, m.start())));
            literal += m.start() - at;
            regex.append('(').append(m.group(2) == null ? "[^/]+" : m.group(2).trim()).append(')');
            variables++;
            at = m.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        literal += template.length() - at;
        return new Route(template, Pattern.compile(regex.toString()), literal, variables, Set.copyOf(methods));
    }

    private static boolean moreSpecific(Route a, Route b) {
        return a.literalChars() != b.literalChars() ? a.literalChars() > b.literalChars() : a.variables() > b.variables();
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** One leading slash, no trailing or doubled ones. */
    static String normalize(String path) {
        String p = ("/" + path).replaceAll("/{2,}", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
