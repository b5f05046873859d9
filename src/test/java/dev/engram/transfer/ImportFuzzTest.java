package dev.engram.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.engram.transfer.TransferFixture.JSON;
import static dev.engram.transfer.TransferFixture.as;
import static dev.engram.transfer.TransferFixture.bytes;
import static dev.engram.transfer.TransferFixture.export;
import static dev.engram.transfer.TransferFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import is the back door for data the API never wrote. A real export of every kind of record (revisions and
 * knowledge versions included) is mutated at random — a field of any record, header included, at any depth, set to a
 * value of the wrong type, out of range, empty, huge, or removed — and imported into a fresh tenant; then every read
 * of that tenant, and a PATCH of each memory, must answer without a 5xx. Whatever the import accepts must be readable
 * afterwards. (A fuzz audit of this kind found a revision whose {@code -1e308} made every later read a 500.)
 * <p>
 * Reproducible: the seed is printed and named in every failure; rerun with {@code -Dengram.importfuzz.seed=<seed>};
 * {@code -Dengram.importfuzz.iterations=<n>} sets the number of imports (default 120).
 */
@QuarkusTest
class ImportFuzzTest {

    private static final Pattern UUIDS = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<Supplier<JsonNode>> VALUES = List.of(
            F::nullNode, () -> F.textNode(""), () -> F.textNode(" "), () -> F.textNode("\u0001"),
            () -> F.textNode("x".repeat(300)), () -> F.textNode("x".repeat(70_000)), () -> F.numberNode(-1),
            () -> F.numberNode(0), () -> F.numberNode(1.5), () -> F.numberNode(1e308), () -> F.numberNode(-1e308),
            () -> F.numberNode(new BigInteger("9223372036854775808")), () -> F.numberNode(new BigInteger("1" + "0".repeat(30))),
            () -> F.booleanNode(true), F::arrayNode, F::objectNode, () -> F.arrayNode().addNull(),
            () -> F.arrayNode().add(""), () -> F.objectNode().putNull("a"), () -> F.textNode("2026-13-45T99:00:00Z"),
            () -> F.textNode("0001-01-01T00:00:00Z"), () -> F.textNode("9999-12-31T23:59:59Z"), () -> F.textNode("P0D"),
            () -> F.textNode("P999999D"), () -> F.textNode("not-a-uuid"), () -> F.textNode(new UUID(0, 0).toString()),
            () -> F.textNode("NaN"), () -> F.textNode("\u200b"), () -> F.textNode("🙂".repeat(10)),
            () -> F.numberNode(0.0000001), () -> {
                ArrayNode many = F.arrayNode();
                for (int i = 0; i < 200; i++) {
                    many.add("x");
                }
                return many;
            });

    @Inject
    TransferFixture fixture;

    @Test
    void whateverAnImportAcceptsCanBeReadAfterwards() throws Exception {
        long seed = Long.getLong("engram.importfuzz.seed", System.nanoTime());
        int iterations = Integer.getInteger("engram.importfuzz.iterations", 120);
        System.out.println("ImportFuzzTest seed " + seed + " (rerun with -Dengram.importfuzz.seed=" + seed + ")");
        String suffix = Long.toHexString(seed & 0xffffffL);
        String sourceKey = key("ifz-src-" + suffix);
        fixture.fill(sourceKey);
        List<String> lines = List.of(export(sourceKey, "ndjson", true).split("\n"));

        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < iterations && failures.size() < 20; i++) {
            List<ObjectNode> records = new ArrayList<>();
            for (String line : lines) {
                records.add((ObjectNode) JSON.readTree(line));
            }
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                ObjectNode record = records.get(random.nextInt(records.size() - 1)); // not the footer
                mutate(random, record.has("data") ? (ObjectNode) record.get("data") : record);
            }
            StringBuilder body = new StringBuilder();
            for (ObjectNode r : records) {
                body.append(JSON.writeValueAsString(r)).append('\n');
            }
            String tag = "seed " + seed + ", import " + i;
            String key = key("ifz-" + suffix + "-" + i);
            Response imported = as(key).contentType("application/x-ndjson").body(bytes(renamed(body.toString())))
                    .post("/v1/import");
            check(failures, tag + ": POST /v1/import", imported);
            crawl(failures, tag, key);
        }
        assertThat(failures).as("seed " + seed).isEmpty();
    }

    /** Sets (or removes) 1 of the record's fields at any depth, the vectors left alone (their checks are simple). */
    private static void mutate(Random random, ObjectNode data) {
        List<Object[]> slots = new ArrayList<>();
        collect(data, slots);
        if (slots.isEmpty()) {
            return;
        }
        Object[] slot = slots.get(random.nextInt(slots.size()));
        boolean remove = random.nextInt(VALUES.size() + 1) == 0;
        JsonNode value = VALUES.get(random.nextInt(VALUES.size())).get();
        if (slot[0] instanceof ObjectNode parent) {
            if (remove) {
                parent.remove((String) slot[1]);
            } else {
                parent.set((String) slot[1], value);
            }
        } else if (slot[0] instanceof ArrayNode parent) {
            parent.set((Integer) slot[1], value);
        }
    }

    private static void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                if (!name.equals("embedding")) {
                    slots.add(new Object[] {object, name});
                    collect(object.get(name), slots);
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < Math.min(array.size(), 5); i++) {
                slots.add(new Object[] {array, i});
                collect(array.get(i), slots);
            }
        }
    }

    /** Every id replaced consistently by a new one: ids are global, and each import goes into a fresh tenant. */
    private static String renamed(String text) {
        Map<String, String> ids = new HashMap<>();
        Matcher m = UUIDS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, ids.computeIfAbsent(m.group(), k -> UUID.randomUUID().toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void crawl(List<String> failures, String tag, String key) {
        for (String list : List.of("/v1/memories?limit=100", "/v1/contexts?limit=100", "/v1/knowledge?limit=100",
                "/v1/patterns?limit=100", "/v1/experiences?limit=100")) {
            Response page = get(failures, tag, key, list);
            if (page.statusCode() != 200) {
                continue;
            }
            String base = list.substring(0, list.indexOf('?'));
            for (String id : page.jsonPath().getList("items.id", String.class)) {
                get(failures, tag, key, base + "/" + id);
                switch (base) {
                    case "/v1/memories" -> {
                        get(failures, tag, key, base + "/" + id + "/revisions");
                        get(failures, tag, key, base + "/" + id + "/associations");
                        check(failures, tag + ": PATCH memory", as(key).body(Map.of("importance", 0.42))
                                .patch(base + "/" + id));
                        get(failures, tag, key, base + "/" + id + "/revisions");
                    }
                    case "/v1/contexts" -> get(failures, tag, key, base + "/" + id + "/memories");
                    case "/v1/knowledge" -> get(failures, tag, key, base + "/" + id + "/versions");
                    default -> {
                    }
                }
            }
        }
        for (String path : List.of("/v1/memories/recent?hours=100000", "/v1/associations?limit=100",
                "/v1/memory-types", "/v1/experiences/patterns", "/v1/experiences/strategies", "/v1/experiences/stats",
                "/v1/subjects/gpt-4o/insights", "/v1/stats", "/v1/health/memory", "/v1/export?format=ndjson",
                "/v1/export?format=json", "/v1/export?format=csv")) {
            get(failures, tag, key, path);
        }
        check(failures, tag + ": search", as(key).body(Map.of("query", "Ana seat peanuts", "includeRelated", true,
                "explain", true)).post("/v1/memories/search"));
        check(failures, tag + ": knowledge search", as(key).body(Map.of("query", "refund")).post("/v1/knowledge/search"));
        check(failures, tag + ": context build", as(key).body(Map.of("query", "What does Ana eat?", "issue",
                Map.of("subject", "gpt-4o", "issueType", "json_format", "description", "fences")))
                .post("/v1/context/build"));
        check(failures, tag + ": consolidate", as(key).body(Map.of("dryRun", true, "timeWindowHours", 100_000))
                .post("/v1/maintenance/consolidate"));
        check(failures, tag + ": cleanup", as(key).queryParam("dryRun", true).post("/v1/maintenance/cleanup"));
    }

    private static Response get(List<String> failures, String tag, String key, String path) {
        return check(failures, tag + ": GET " + path, as(key).get(path));
    }

    private static Response check(List<String> failures, String what, Response r) {
        if (r.statusCode() >= 500) {
            failures.add(what + " → " + r.statusCode() + " " + r.asString());
        }
        return r;
    }
}
