package dev.engram.testing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Engram's configuration as the application defines it: every property of every {@code @ConfigMapping} interface
 * under dev.engram (found in the compiled classes, so a property added by anyone is found), and every ENGRAM_*
 * variable that application.properties reads.
 */
public final class ConfigProperties {

    /**
     * One engram.* property: its full name, its Java type (the element type of an {@code Optional}), its default (if
     * any) and the mapping's method.
     */
    public record Property(String name, Class<?> type, Type genericType, String defaultValue, Method method) {

        /** The annotations on the method and, for an {@code Optional}, on its type argument (constraints go there). */
        public List<Annotation> annotations() {
            List<Annotation> all = new ArrayList<>(List.of(method.getAnnotations()));
            if (method.getAnnotatedReturnType() instanceof AnnotatedParameterizedType optional) {
                all.addAll(List.of(optional.getAnnotatedActualTypeArguments()[0].getAnnotations()));
            }
            return all;
        }

        /** Environment variable, as SmallRye Config maps it: upper case, every non-alphanumeric character → '_'. */
        public String envVar() {
            return name.toUpperCase().replaceAll("[^A-Z0-9]", "_");
        }

        /** Property name below "engram.", split into the chart's config keys: [feature, key...]. */
        public List<String> chartPath() {
            return List.of(name.substring("engram.".length()).split("\\."));
        }

        public boolean secret() {
            return name.endsWith("api-key") || name.endsWith("admin-key") || name.endsWith("password")
                    || name.endsWith("token");
        }
    }

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(ENGRAM_[A-Z0-9_]+)");

    private ConfigProperties() {
    }

    public static List<Property> engramProperties() {
        List<Property> properties = new ArrayList<>();
        for (Class<?> mapping : configMappings()) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            collect(mapping, prefix, properties);
        }
        properties.sort(Comparator.comparing(Property::name));
        return properties;
    }

    /** ENGRAM_* variables referenced as ${ENGRAM_X:default} in application.properties. */
    public static Set<String> applicationPropertiesEnvVars() {
        try {
            String text = Files.readString(Path.of("src", "main", "resources", "application.properties"));
            Set<String> names = new TreeSet<>();
            Matcher m = ENV_REFERENCE.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code @ConfigMapping} interface with an engram.* prefix. */
    public static List<Class<?>> configMappings() {
        Path root = CLASSES.resolve("dev/engram");
        try (Stream<Path> files = Files.walk(root)) {
            List<Class<?>> mappings = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, ConfigProperties.class.getClassLoader());
                if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)
                        && type.getAnnotation(ConfigMapping.class).prefix().startsWith("engram.")) {
                    mappings.add(type);
                }
            }
            return mappings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Class<?> group, String prefix, List<Property> into) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() != 0 || !Modifier.isAbstract(method.getModifiers())) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (method.isAnnotationPresent(WithName.class)
                    ? method.getAnnotation(WithName.class).value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            Type generic = method.getGenericReturnType();
            if (type == Optional.class && generic instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> inner) {
                type = inner;
            }
            if (isGroup(type)) {
                collect(type, name, into);
            } else {
                WithDefault def = method.getAnnotation(WithDefault.class);
                into.add(new Property(name, type, generic, def == null ? null : def.value(), method));
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    /** SmallRye's default naming: defaultTenant → default-tenant, efSearch → ef-search. */
    public static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLower = i > 0 && !Character.isUpperCase(camel.charAt(i - 1));
                boolean beforeLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1))
                        && i > 0 && Character.isUpperCase(camel.charAt(i - 1));
                if (afterLower || beforeLower) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
