package dev.engram.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The Allow table of a 405 agrees with the published API: every operation's method is allowed on its path. */
@QuarkusTest
class AllowedMethodsTest {

    @Inject
    AllowedMethods allowed;

    @Inject
    ObjectMapper json;

    @Test
    void everyOpenApiOperationIsAllowedOnItsPath() throws Exception {
        JsonNode paths = json.readTree(given().queryParam("format", "json").get("/q/openapi").asString()).path("paths");
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String concrete = path.getKey().replace("{namespace}", "cache").replace("{id}", UUID.randomUUID().toString())
                    .replaceAll("\\{[^}]+}", "x");
            String allow = allowed.allow(concrete).orElseThrow(() -> new AssertionError("no route for " + concrete));
            List<String> methods = List.of(allow.split(", "));
            for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next().toUpperCase(Locale.ROOT);
                assertThat(methods).as(method + " " + path.getKey()).contains(method);
                operations++;
            }
        }
        assertThat(operations).isGreaterThan(70);
    }

    @Inject
    jakarta.enterprise.inject.spi.BeanManager beans;

    /** A native image answers getMethods() and their annotations only for registered classes: all resources are. */
    @Test
    void everyResourceIsRegisteredForReflectionInTheNativeImage() throws Exception {
        java.util.Set<String> resources = new java.util.TreeSet<>();
        beans.getBeans(Object.class, jakarta.enterprise.inject.Any.Literal.INSTANCE).stream()
                .map(jakarta.enterprise.inject.spi.Bean::getBeanClass)
                .filter(c -> c.isAnnotationPresent(jakarta.ws.rs.Path.class) && c.getName().startsWith("dev.engram."))
                .forEach(c -> resources.add(c.getName()));
        java.util.Set<String> registered = new java.util.TreeSet<>();
        try (var in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/native-image/dev.engram/engram/reflect-config.json")) {
            for (JsonNode entry : json.readTree(in)) {
                if (entry.path("queryAllPublicMethods").asBoolean() || entry.path("allPublicMethods").asBoolean()) {
                    registered.add(entry.path("name").asText());
                }
            }
        }
        assertThat(resources).hasSizeGreaterThan(20);
        assertThat(registered).as("reflect-config.json").containsAll(resources);
    }

    @Test
    void templatesMatchLikeTheRouter() {
        assertThat(allowed.allow("/v1/memories/search")).contains("OPTIONS, POST"); // the literal beats {id}
        assertThat(allowed.allow("/v1/memories/" + UUID.randomUUID() + "/")).contains("DELETE, GET, HEAD, OPTIONS, PATCH");
        assertThat(allowed.allow("/v1/temp/a/b/c")).contains("DELETE, GET, HEAD, OPTIONS, PUT"); // {key: .+}
        assertThat(allowed.allow("/v1/stash/a")).isEmpty();
        assertThat(allowed.allow("/nothing")).isEmpty();
    }
}
