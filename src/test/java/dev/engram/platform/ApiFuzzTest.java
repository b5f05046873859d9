package dev.engram.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Property-based fuzzing of every operation of the OpenAPI document: thousands of random and malformed requests
 * (see {@link FuzzRequests}) sent over a raw socket. Properties: never a 5xx; every 4xx is
 * {@code application/problem+json} with {@code type}, {@code title} and the right {@code status}; no stack trace,
 * Java class or SQL text in any body; every request answers within the timeout; the service is healthy afterwards.
 * <p>
 * Reproducible: the seed is printed and named in every failure; rerun with {@code -Dengram.fuzz.seed=<seed>}.
 * {@code -Dengram.fuzz.requests=<n>} sets the number of requests (default 4000).
 */
@QuarkusTest
class ApiFuzzTest {

    private static final int TIMEOUT_MILLIS = 15_000;
    /** Internals that must never reach a client. */
    static final Pattern LEAK = Pattern.compile("Exception|\\bat (dev|java|jdk|org|io|com|sun)\\.[a-z]|dev\\.engram\\."
            + "|org\\.postgresql|org\\.hibernate|com\\.fasterxml|io\\.vertx|io\\.quarkus|jakarta\\.|java\\.(lang|util|io|sql|time|net)"
            + "|SQLState|SQL state|syntax error at or near|ERROR: |PSQLException|HHH\\d{6}|RESTEASY\\d+|\\$Proxy|\\.java:\\d+");

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyOperationSurvivesRandomAndMalformedRequests() throws Exception {
        long seed = Long.getLong("engram.fuzz.seed", System.nanoTime());
        int total = Integer.getInteger("engram.fuzz.requests", 4000);
        System.out.println("ApiFuzzTest seed " + seed + " (rerun with -Dengram.fuzz.seed=" + seed + "), " + total + " requests");

        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("target", "api-fuzz-failures.txt"));
        String suffix = Long.toHexString(seed & 0xffffffL);
        String tenantKey = TestAuth.newKey("fuzz-" + suffix, Scope.values());
        Map<String, List<String>> fixtures = createFixtures(tenantKey, suffix);

        JsonNode openApi = mapper.readTree(given().queryParam("format", "json").get("/q/openapi").asString());
        Map<String, JsonNode> schemas = new TreeMap<>();
        openApi.path("components").path("schemas").fields().forEachRemaining(e -> schemas.put(e.getKey(), e.getValue()));
        List<FuzzRequests.Operation> operations = operations(openApi);
        assertThat(operations).hasSizeGreaterThan(50);

        int perOperation = Math.max(1, total / operations.size());
        List<Case> cases = new ArrayList<>();
        for (FuzzRequests.Operation op : operations) {
            for (int i = 0; i < perOperation; i++) {
                cases.add(new Case(op, i, seed * 31 + op.route().hashCode() * 1_000_003L + i));
            }
        }
        // a stable interleaving of the operations, so that deletes do not all come last
        Collections.shuffle(cases, new java.util.Random(seed));

        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        AtomicLong slowest = new AtomicLong();
        // Bodies nest up to ~3000 levels (the service must refuse them cleanly); writing one recurses once per level,
        // which is close to a default 1 MiB thread stack (a StackOverflowError in a CI run). The senders get 64 MiB.
        AtomicLong threads = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4,
                r -> new Thread(null, r, "api-fuzz-" + threads.incrementAndGet(), 64L << 20));
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (Case c : cases) {
            futures.add(pool.submit(() -> {
                // each request has its own seed: generated where it is sent, the same whatever the thread order, and
                // garbage once answered (bodies reach megabytes; the service under test shares this JVM's heap)
                RawHttp.Request request;
                try {
                    request = new FuzzRequests(c.seed(), schemas, fixtures, tenantKey, TestAuth.OPERATOR_KEY).next(c.op());
                } catch (StackOverflowError | RuntimeException e) {
                    // a fault of the generator, not of the service: named with its seed so that it can be reproduced
                    failures.add(c.route() + " #" + c.index() + " (request seed " + c.seed() + "): generating the request failed: " + e);
                    return;
                }
                String failure = check(c, request, statuses, slowest);
                if (failure != null) {
                    failures.add(failure);
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("ApiFuzzTest: %d requests to %d operations in %d ms, slowest %d ms, statuses %s%n",
                cases.size(), operations.size(), millis, slowest.get(), statuses);

        if (!failures.isEmpty()) {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "api-fuzz-failures.txt"),
                    "seed " + seed + "\n\n" + String.join("\n\n", failures));
        }
        assertThat(failures).as("seed " + seed + ": " + failures.size() + " failing requests (first 15 shown)\n"
                + String.join("\n\n", failures.subList(0, Math.min(15, failures.size())))).isEmpty();
        assertStillHealthy(tenantKey, TestAuth.newKey("fuzz-after-" + suffix, Scope.values()));
    }

    private record Case(FuzzRequests.Operation op, int index, long seed) {
        String route() {
            return op.route();
        }
    }

    private String check(Case c, RawHttp.Request request, Map<Integer, AtomicLong> statuses, AtomicLong slowest) {
        RawHttp.Reply reply;
        try {
            reply = RawHttp.send("localhost", RestAssured.port, request, TIMEOUT_MILLIS);
        } catch (Exception e) {
            return failure(c, request, "no answer within " + TIMEOUT_MILLIS + " ms: " + e, null);
        }
        statuses.computeIfAbsent(reply.status(), s -> new AtomicLong()).incrementAndGet();
        slowest.accumulateAndGet(reply.millis(), Math::max);
        String text = reply.text();
        if (reply.status() >= 500) {
            return failure(c, request, "status " + reply.status(), reply);
        }
        if (LEAK.matcher(text).find()) {
            return failure(c, request, "internals in the body: " + LEAK.matcher(text).results().findFirst().map(m -> m.group()).orElse(""), reply);
        }
        if (reply.body().length == 0 && (reply.status() == 414 || reply.status() == 431
                || reply.status() == 400 && !isUri(request.target()))) {
            // The HTTP layer answers these before any Engram code runs (docs/security.md, "Input limits"): the codec a
            // request line or headers over quarkus.http.limits, Quarkus a request target that is not an RFC 3986 URI.
            return null;
        }
        if (reply.status() >= 400) {
            if (!reply.contentType().startsWith(Problem.MEDIA_TYPE)) {
                return failure(c, request, "4xx with content type '" + reply.contentType() + "'", reply);
            }
            try {
                JsonNode problem = mapper.readTree(reply.body());
                if (!problem.path("type").asText().startsWith(ProblemType.BASE) || problem.path("title").asText().isEmpty()
                        || problem.path("status").asInt() != reply.status()) {
                    return failure(c, request, "problem without type, title or matching status", reply);
                }
            } catch (Exception e) {
                return failure(c, request, "problem body is not JSON", reply);
            }
        }
        return null;
    }

    private static boolean isUri(String target) {
        try {
            new java.net.URI(target);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String failure(Case c, RawHttp.Request request, String what, RawHttp.Reply reply) {
        return c.route() + " #" + c.index() + " (request seed " + c.seed() + "): " + what + "\n" + request.describe()
                + (reply == null ? "" : "\n→ " + reply.status() + " " + reply.contentType() + " "
                + RawHttp.abbreviate(reply.text(), 600));
    }

    /** Every /v1 operation with its parameters and request body schema. */
    private static List<FuzzRequests.Operation> operations(JsonNode openApi) {
        List<FuzzRequests.Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/v1")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>();
                op.getValue().path("parameters").forEach(parameters::add);
                JsonNode body = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
                out.add(new FuzzRequests.Operation(op.getKey().toUpperCase(), path.getKey(), parameters,
                        body.isMissingNode() ? null : body));
            }
        }
        out.sort(java.util.Comparator.comparing(FuzzRequests.Operation::route));
        return out;
    }

    /** Real ids of the fuzzing tenant (and a victim tenant for the operator routes), by path parameter name. */
    private Map<String, List<String>> createFixtures(String key, String suffix) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        String memory = as(key).body(Map.of("content", "Fuzz fixture about green tea", "userId", "u1",
                "metadata", Map.of("topic", "tea"))).post("/v1/memories").then().statusCode(201).extract().path("id");
        String memory2 = as(key).body(Map.of("content", "Another fuzz fixture about coffee")).post("/v1/memories")
                .then().statusCode(201).extract().path("id");
        ids.add(memory);
        ids.add(memory2);
        ids.add(as(key).body(Map.of("sourceId", memory, "targetId", memory2, "type", "related")).post("/v1/associations")
                .then().statusCode(201).extract().path("id"));
        ids.add(as(key).body(Map.of("name", "Fuzz context", "type", "task")).post("/v1/contexts")
                .then().statusCode(201).extract().path("id"));
        ids.add(as(key).body(Map.of("name", "Fuzz knowledge", "knowledgeType", "fact", "description", "Water boils at 100 C"))
                .post("/v1/knowledge").then().statusCode(201).extract().path("id"));
        ids.add(as(key).body(Map.of("name", "Fuzz pattern", "patternType", "error")).post("/v1/patterns")
                .then().statusCode(201).extract().path("id"));
        ids.add(as(key).body(Map.of("subject", "model-x", "issueType", "empty_response", "description", "Empty answer",
                "success", true, "actions", List.of("retry"))).post("/v1/experiences").then().statusCode(201).extract().path("id"));
        ids.add(as(key).post("/v1/maintenance/decay").then().statusCode(201).extract().path("id"));
        f.put("id", ids);
        as(key).body(Map.of("messages", List.of(Map.of("role", "user", "content", "Hello from the fuzzer"))))
                .post("/v1/sessions/fuzz-session/messages").then().statusCode(200);
        f.put("sessionId", List.of("fuzz-session"));
        as(key).body(Map.of("v", 1)).put("/v1/cache/fuzz-key").then().statusCode(200);
        f.put("namespace", List.of("cache", "temp"));
        f.put("key", List.of("fuzz-key"));
        as(key).body(Map.of("code", "fuzz-type", "name", "Fuzz type")).post("/v1/memory-types").then().statusCode(201);
        f.put("code", List.of("fuzz-type", "semantic", "episodic"));
        f.put("name", List.of("model-x"));
        String victim = "fuzz-victim-" + suffix;
        TestAuth.newKey(victim, Scope.READ);
        f.put("tenantId", List.of(victim));
        String victimKey = given().header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .get("/v1/admin/tenants/" + victim + "/keys").then().statusCode(200).extract().path("[0].id");
        f.put("keyId", List.of(victimKey));
        return f;
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    /**
     * The service still works: the fuzzed tenant reads and searches (its settings may have changed legitimately, a
     * random PATCH can deactivate its default memory type), and a fresh tenant stores, reads and finds.
     */
    private static void assertStillHealthy(String fuzzedKey, String freshKey) {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        as(fuzzedKey).get("/v1/memories").then().statusCode(200);
        as(fuzzedKey).body(Map.of("query", "healthy after fuzzing", "mode", "hybrid")).post("/v1/memories/search")
                .then().statusCode(200);
        String id = as(freshKey).body(Map.of("content", "Still healthy after fuzzing")).post("/v1/memories")
                .then().log().ifValidationFails().statusCode(201).extract().path("id");
        as(freshKey).get("/v1/memories/" + id).then().statusCode(200).body("content", equalTo("Still healthy after fuzzing"));
        as(freshKey).body(Map.of("query", "healthy after fuzzing", "mode", "hybrid")).post("/v1/memories/search")
                .then().statusCode(200).body("hits.memory.id", org.hamcrest.Matchers.hasItem(id));
    }
}
