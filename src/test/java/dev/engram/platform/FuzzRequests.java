package dev.engram.platform;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates random and malformed requests for one operation of the OpenAPI document, from a seeded {@link Random}:
 * bodies derived from the operation's schema with mutations (wrong types, huge strings, deep nesting, NUL, lone
 * surrogates, random Unicode, out-of-range numbers, NaN, nulls, extra fields), byte-level corruption (invalid UTF-8,
 * truncation), random path and query parameters and random headers. The same seed gives the same requests.
 */
final class FuzzRequests {

    /** One operation of the OpenAPI document. */
    record Operation(String method, String path, List<JsonNode> parameters, JsonNode bodySchema) {
        String route() {
            return method + " " + path;
        }
    }

    /** A JSON fragment written verbatim (NaN, 1e400, comments …). */
    private record Raw(String json) {
    }

    private static final String[] INJECTIONS = {
            "'; drop table memory; --", "' OR '1'='1", "\" OR \"\"=\"", "$$; select 1; $$", "\\", "\\'", "%", "_", "%_%",
            "a' || pg_sleep(5) || '", "1; delete from tenant", "{\"$ne\": null}", "->>'x'", "@> '{}'", "?|", "$.a[*]",
            "../../../etc/passwd", "%s%s%n%x", "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "<script>alert(1)</script>",
            "a & b | !c", "(:* )", "!!!", "&&", "''", "\u0000", "*", "\r\nX-Injected: 1"};

    private static final String[] CONTENT_TYPES = {
            "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=ISO-8859-1", "application/json; charset=utf-16", "application/json;;",
            "garbage", "", "application/problem+json", "*/*", "application/json; charset=\"", "text/event-stream"};

    private static final String[] ACCEPTS = {
            "application/json", "*/*", "text/html", "application/xml", "text/event-stream", "garbage;;q=x",
            "application/problem+json", "application/json;q=0", "", "text/*"};

    private static final Map<String, String[]> HINTS = Map.ofEntries(
            Map.entry("type", new String[]{"semantic", "episodic", "preference", "related", "task", "similar"}),
            Map.entry("types", new String[]{"semantic", "episodic"}),
            Map.entry("issueType", new String[]{"empty_response", "repetition"}),
            Map.entry("knowledgeType", new String[]{"fact", "rule"}),
            Map.entry("patternType", new String[]{"error", "behavioral"}),
            Map.entry("status", new String[]{"active", "archived"}),
            Map.entry("direction", new String[]{"in", "out", "both"}),
            Map.entry("validationStatus", new String[]{"validated", "unvalidated"}),
            Map.entry("namespace", new String[]{"cache", "temp"}),
            Map.entry("retentionPeriod", new String[]{"P90D", "PT1H", "P1Y"}),
            Map.entry("scopes", new String[]{"read", "write", "admin"}));

    private final Random rnd;
    private final Map<String, JsonNode> schemas;
    private final Map<String, List<String>> fixtures;
    private final String tenantKey;
    private final String operatorKey;

    FuzzRequests(long seed, Map<String, JsonNode> schemas, Map<String, List<String>> fixtures, String tenantKey,
                 String operatorKey) {
        this.rnd = new Random(seed);
        this.schemas = schemas;
        this.fixtures = fixtures;
        this.tenantKey = tenantKey;
        this.operatorKey = operatorKey;
    }

    RawHttp.Request next(Operation op) {
        String method = rnd.nextInt(40) == 0 ? pick("GET", "POST", "PUT", "PATCH", "DELETE") : op.method();
        String target = path(op) + query(op);
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[]{"Authorization", authorization(op)});
        byte[] body = body(op);
        if (body != null) {
            if (rnd.nextInt(10) < 7) {
                headers.add(new String[]{"Content-Type", "application/json"});
            } else if (rnd.nextBoolean()) {
                headers.add(new String[]{"Content-Type", pick(CONTENT_TYPES)});
            }
        } else if (rnd.nextInt(10) == 0) {
            headers.add(new String[]{"Content-Type", rnd.nextBoolean() ? "application/json" : pick(CONTENT_TYPES)});
        }
        if (rnd.nextInt(10) < 3) {
            headers.add(new String[]{"Accept", pick(ACCEPTS)});
        }
        if (rnd.nextInt(7) == 0) {
            headers.add(new String[]{"Idempotency-Key", pick(uuid().toString(), "k".repeat(300), "",
                    "  ", "schlüssel-\u00e9", "key with spaces", "k" + rnd.nextInt(50), "'; drop table idempotency_key; --")});
        }
        if (rnd.nextInt(7) == 0) {
            headers.add(new String[]{"If-Match", pick("\"1\"", "W/\"2\"", "*", "abc", "\"99999999999999999999\"", "\"-1\"",
                    "\"\"", "W/", "\"1\", \"2\"", "\"" + "9".repeat(400) + "\"")});
        }
        if (op.path().equals("/v1/events") || rnd.nextInt(30) == 0) {
            headers.add(new String[]{"Last-Event-ID", pick("0-0", "$", "abc", "-1", "99999999999999999999-0", "1-1",
                    "\u00ff\u00fe", "0-0 OR 1=1", "+", "-", "1".repeat(500))});
        }
        if (rnd.nextInt(25) == 0) {
            headers.add(new String[]{pick("X-Tenant-Id", "X-Forwarded-For", "Cookie", "Origin", "X-Unknown"),
                    pick("other-tenant", "127.0.0.1", "a=b", "\u00e9\u00e8", "x".repeat(2000))});
        }
        return new RawHttp.Request(method, target, headers, body);
    }

    private String authorization(Operation op) {
        int r = rnd.nextInt(40);
        if (r == 0) {
            return pick("", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer egm_00000000000000000000000000000000_x",
                    "Bearer egm_", "Bearer " + tenantKey + "x", "Bearer " + tenantKey.substring(0, 20),
                    "Bearer egm_zz_zz", "bearer " + "a".repeat(3000), "Bearer \u00e9\u00e8", "Bearer  " + tenantKey);
        }
        boolean admin = op.path().startsWith("/v1/admin");
        return "Bearer " + (admin && rnd.nextInt(3) > 0 ? operatorKey : tenantKey);
    }

    // ---- path and query --------------------------------------------------------------------------------------------

    private String path(Operation op) {
        StringBuilder out = new StringBuilder();
        String template = op.path();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            int close = template.indexOf('}', open);
            String name = template.substring(open + 1, close).split(":")[0].trim();
            out.append(pathValue(name));
            i = close + 1;
        }
        return out.toString();
    }

    private String pathValue(String name) {
        List<String> known = fixtures.getOrDefault(name, List.of());
        int r = rnd.nextInt(20);
        if (r < 9 && !known.isEmpty()) {
            return encode(known.get(rnd.nextInt(known.size())));
        }
        return switch (r) {
            case 9, 10 -> uuid().toString();
            case 11 -> encode(randomText(1 + rnd.nextInt(30)));
            case 12 -> "x".repeat(200 + rnd.nextInt(6000));
            case 13 -> pick("%2F", "..", "%2E%2E", "a%2Fb", "..%2F..%2Fetc%2Fpasswd", "%252F", ".", "%2e");
            case 14 -> pick("%00", "a%00b", "%ZZ", "%", "%C3%28", "%ED%A0%80", "%FF%FE", "%E2%82", "%C0%AF");
            case 15 -> encode(pick(INJECTIONS));
            case 16 -> pick("not-a-uuid", "00000000-0000-0000-0000-000000000000", "0", "-1", "null", "true", "{id}");
            case 17 -> encode(uuid() + " ");
            case 18 -> encode("\uD83D\uDE00\u202Eabc\u0301");
            default -> encode(word(1 + rnd.nextInt(20)));
        };
    }

    private String query(Operation op) {
        List<String> pairs = new ArrayList<>();
        for (JsonNode p : op.parameters()) {
            if (!"query".equals(p.path("in").asText()) || rnd.nextBoolean()) {
                continue;
            }
            String name = p.path("name").asText();
            int repeats = rnd.nextInt(8) == 0 ? 2 + rnd.nextInt(3) : 1;
            for (int k = 0; k < repeats; k++) {
                pairs.add(name + "=" + queryValue(name));
            }
        }
        if (rnd.nextInt(10) == 0) {
            pairs.add(pick("foo", "tenant", "tenantId", "debug", "a%00", "%ZZ", "x[]", "") + "=" + queryValue("x"));
        }
        if (rnd.nextInt(30) == 0) {
            pairs.add(pick("&&&", "=", "==", "a=b=c", "%", "&=&"));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private String queryValue(String name) {
        int r = rnd.nextInt(12);
        if (r < 5) {
            String lower = name.toLowerCase();
            if (lower.contains("limit") || lower.contains("max") || lower.contains("min") || lower.equals("days")
                    || lower.equals("top") || lower.equals("hours") || lower.contains("ttl") || lower.contains("actions")) {
                return pick("1", "5", "0", "-1", "100", "101", "1000000", "99999999999999999999", "1.5", "1e3", "NaN",
                        "Infinity", "-0", "0x10", "%20", "0.5", "-Infinity", "2147483648");
            }
            if (lower.endsWith("id") && !lower.equals("userid") && !lower.equals("agentid")) {
                List<String> known = fixtures.getOrDefault("id", List.of());
                return rnd.nextBoolean() && !known.isEmpty() ? known.get(rnd.nextInt(known.size())) : uuid().toString();
            }
            if (lower.equals("since") || lower.equals("until")) {
                return encode(pick(Instant.now().toString(), "2026-01-31T10:15:30Z", "yesterday", "2026-13-45T99:00:00Z",
                        "-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z"));
            }
            if (HINTS.containsKey(name)) {
                return pick(HINTS.get(name));
            }
            if (lower.equals("active") || lower.equals("success") || lower.equals("verified") || lower.startsWith("learned")) {
                return pick("true", "false", "TRUE", "yes", "1", "");
            }
            if (lower.equals("cursor") || lower.equals("after")) {
                return encode(pick("garbage!", "eyJ4IjoxfQ", cursor(), "AAAA", "====", "MjAyNi0wMS0wMVQwMDowMDowMFp8MQ", "a".repeat(5000),
                        java.util.Base64.getUrlEncoder().encodeToString(randomText(30).getBytes(StandardCharsets.UTF_8))));
            }
            return encode(word(1 + rnd.nextInt(15)));
        }
        return switch (r) {
            case 5 -> "%00";
            case 6 -> pick("%ZZ", "%", "%C3%28", "%ED%A0%80", "%FF", "%E2%82");
            case 7 -> encode(pick(INJECTIONS));
            case 8 -> encode(randomText(1 + rnd.nextInt(40)));
            case 9 -> "x".repeat(1000 + rnd.nextInt(3000));
            case 10 -> "";
            default -> encode(pick("NaN", "-1", "null", "[]", "{}", "true", "1e400", "-9223372036854775809"));
        };
    }

    // ---- bodies ----------------------------------------------------------------------------------------------------

    private byte[] body(Operation op) {
        boolean hasSchema = op.bodySchema() != null;
        if (!hasSchema && rnd.nextInt(8) != 0) {
            return null;
        }
        int r = rnd.nextInt(100);
        if (r < 5) {
            return null;
        }
        if (r < 9) {
            return new byte[0];
        }
        Object tree = hasSchema ? valid(op.bodySchema(), 0) : anyJson(0);
        if (r < 20) {
            return json(tree);
        }
        if (r < 60) {
            int mutations = 1 + rnd.nextInt(3);
            for (int i = 0; i < mutations; i++) {
                tree = mutate(tree, 0);
            }
            return json(tree);
        }
        if (r < 75) {
            return json(rnd.nextInt(4) == 0 ? evil() : anyJson(0));
        }
        return corrupt(json(tree));
    }

    private Object valid(JsonNode schema, int depth) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            if (name.equals("JsonNode")) {
                return anyJson(depth);
            }
            return valid(schemas.get(name), depth);
        }
        if (schema.has("enum")) {
            JsonNode values = schema.get("enum");
            return values.get(rnd.nextInt(values.size())).asText();
        }
        String type = schema.path("type").asText("object");
        switch (type) {
            case "object": {
                Map<String, Object> out = new LinkedHashMap<>();
                JsonNode required = schema.path("required");
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    boolean isRequired = false;
                    for (JsonNode r : required) {
                        isRequired |= r.asText().equals(e.getKey());
                    }
                    if (isRequired || rnd.nextInt(3) == 0) {
                        out.put(e.getKey(), named(e.getKey(), e.getValue(), depth + 1));
                    }
                }
                if (schema.has("additionalProperties") && !schema.has("properties")) {
                    int n = rnd.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        out.put(word(1 + rnd.nextInt(8)), depth < 3 && rnd.nextInt(4) == 0 ? anyJson(depth + 1) : scalar());
                    }
                }
                return out;
            }
            case "array": {
                int min = schema.path("minItems").asInt(0);
                int max = Math.min(schema.path("maxItems").asInt(3), 3);
                int n = min + rnd.nextInt(Math.max(1, max - min + 1));
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    out.add(valid(schema.path("items"), depth + 1));
                }
                return out;
            }
            case "integer": {
                long min = schema.has("minimum") ? schema.get("minimum").asLong() : schema.has("exclusiveMinimum") ? 1 : 0;
                long max = schema.has("maximum") ? schema.get("maximum").asLong() : min + 100;
                return min + (long) (rnd.nextDouble() * (max - min + 1));
            }
            case "number": {
                double min = schema.path("minimum").asDouble(0);
                double max = schema.has("maximum") ? schema.get("maximum").asDouble() : 1;
                return min + rnd.nextDouble() * (max - min);
            }
            case "boolean":
                return rnd.nextBoolean();
            default: {
                String format = schema.path("format").asText("");
                if (format.equals("uuid")) {
                    List<String> ids = fixtures.getOrDefault("id", List.of());
                    return rnd.nextBoolean() && !ids.isEmpty() ? ids.get(rnd.nextInt(ids.size())) : uuid().toString();
                }
                if (format.equals("date-time")) {
                    return Instant.now().plusSeconds((long) (rnd.nextGaussian() * 86_400 * 30) + 86_400 * 60).toString();
                }
                int maxLength = schema.path("maxLength").asInt(60);
                return word(1 + rnd.nextInt(Math.max(1, Math.min(maxLength, 30))));
            }
        }
    }

    private Object named(String name, JsonNode schema, int depth) {
        if (HINTS.containsKey(name) && rnd.nextBoolean()) {
            String hint = pick(HINTS.get(name));
            return schema.path("type").asText().equals("array") ? new ArrayList<>(List.of(hint)) : hint;
        }
        if ((name.equals("content") || name.equals("description") || name.equals("query") || name.equals("text")
                || name.equals("userInput")) && rnd.nextBoolean()) {
            return pick("I prefer green tea in the morning", "My name is Ada and I work at Initech",
                    "The deploy failed because the disk was full", "Remember the meeting on 2026-03-01");
        }
        return valid(schema, depth);
    }

    private Object mutate(Object tree, int depth) {
        if (tree instanceof Map<?, ?> map && !map.isEmpty() && rnd.nextInt(3) > 0) {
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) map;
            List<String> keys = new ArrayList<>(m.keySet());
            String key = keys.get(rnd.nextInt(keys.size()));
            m.put(key, rnd.nextBoolean() ? evil() : mutate(m.get(key), depth + 1));
            return m;
        }
        if (tree instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) map;
            m.put(rnd.nextInt(4) == 0 ? evilString() : word(1 + rnd.nextInt(10)), evil());
            return m;
        }
        if (tree instanceof List<?> list && !list.isEmpty()) {
            @SuppressWarnings("unchecked") List<Object> l = (List<Object>) list;
            int i = rnd.nextInt(l.size());
            l.set(i, rnd.nextBoolean() ? evil() : mutate(l.get(i), depth + 1));
            if (rnd.nextInt(6) == 0 && !(l.get(0) instanceof Map<?, ?> m && m.size() > 100)) {
                for (int k = 0, n = 50 + rnd.nextInt(2000); k < n; k++) {
                    l.add(l.get(0));
                }
            }
            return l;
        }
        return evil();
    }

    private Object evil() {
        return switch (rnd.nextInt(16)) {
            case 0 -> null;
            case 1, 2, 3 -> evilString();
            case 4 -> new Raw(pick("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400", "-0",
                    "123456789012345678901234567890", "9223372036854775808", "-9223372036854775809", "2147483648",
                    "0.0000000000000000000001", "1E+2147483647", "01", "+1", ".5", "0x10"));
            case 5 -> pick(-1, 0, -0.0, 1.5, 1e308, -1e308, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
                    Long.MIN_VALUE, Double.MIN_VALUE, 2.0, 100, 1_000_000);
            case 6 -> rnd.nextBoolean();
            case 7 -> new ArrayList<>();
            case 8 -> new LinkedHashMap<>();
            case 9 -> deep(10 + rnd.nextInt(rnd.nextInt(4) == 0 ? 3000 : 200));
            case 10 -> anyJson(0);
            case 11 -> {
                Map<String, Object> wide = new LinkedHashMap<>();
                for (int i = 0, n = 100 + rnd.nextInt(5000); i < n; i++) {
                    wide.put("k" + i, i);
                }
                yield wide;
            }
            case 12 -> pick(INJECTIONS);
            case 13 -> new ArrayList<>(List.of(evilString(), evilString()));
            case 14 -> Instant.now().toString();
            default -> word(rnd.nextInt(10));
        };
    }

    private String evilString() {
        return switch (rnd.nextInt(14)) {
            case 0 -> "a\u0000b";
            case 1 -> "\u0000";
            case 2 -> pick("\uD800", "x\uDC00y", "\uDBFF", "\uDFFF\uD800");
            case 3 -> "x".repeat(pick(1000, 5000, 70_000, 300_000, rnd.nextInt(20) == 0 ? 3_000_000 : 10));
            case 4 -> "\u20AC".repeat(pick(100, 11_000, 40_000));
            case 5 -> randomText(1 + rnd.nextInt(200));
            case 6 -> pick("", " ", "\t\n", "\u00A0", "\u200B", "\uFEFF", "\u3000");
            case 7 -> pick("\uD83D\uDE00\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u202Eevil\u202C", "e\u0301\u0301\u0301",
                    "\uFFFF\uFFFE", "\uD834\uDD1E", "\u0007\u001B[31m", "\r\n", "\u2028\u2029");
            case 8 -> pick(INJECTIONS);
            case 9 -> "2026-02-30T25:61:00Z";
            case 10 -> uuid().toString().toUpperCase() + "x";
            case 11 -> pick("null", "true", "NaN", "-1", "1e400", "[]", "{}");
            case 12 -> "\\u0000";
            default -> word(1 + rnd.nextInt(40));
        };
    }

    private Object deep(int depth) {
        Object inner = "bottom";
        for (int i = 0; i < depth; i++) {
            if (rnd.nextBoolean()) {
                inner = new ArrayList<>(List.of(inner));
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("d", inner);
                inner = m;
            }
        }
        return inner;
    }

    private Object anyJson(int depth) {
        int r = rnd.nextInt(depth > 3 ? 4 : 7);
        return switch (r) {
            case 0 -> scalar();
            case 1 -> evilString();
            case 2 -> rnd.nextDouble() * 1000 - 500;
            case 3 -> null;
            case 4, 5 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0, n = rnd.nextInt(5); i < n; i++) {
                    m.put(rnd.nextInt(5) == 0 ? randomText(5) : word(1 + rnd.nextInt(8)), anyJson(depth + 1));
                }
                yield m;
            }
            default -> {
                List<Object> l = new ArrayList<>();
                for (int i = 0, n = rnd.nextInt(5); i < n; i++) {
                    l.add(anyJson(depth + 1));
                }
                yield l;
            }
        };
    }

    private Object scalar() {
        return switch (rnd.nextInt(4)) {
            case 0 -> word(1 + rnd.nextInt(12));
            case 1 -> rnd.nextInt(1000) - 100;
            case 2 -> rnd.nextBoolean();
            default -> rnd.nextDouble();
        };
    }

    /** Byte-level damage to a JSON body: invalid UTF-8, truncation, BOM, garbage, non-JSON syntax. */
    private byte[] corrupt(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = json.length == 0 ? 0 : rnd.nextInt(json.length);
        switch (rnd.nextInt(9)) {
            case 0 -> out.write(json, 0, at);
            case 1 -> {
                int quote = indexOfQuote(json, at);
                out.write(json, 0, quote + 1);
                out.writeBytes(pickBytes(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC0, (byte) 0xAF},
                        new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xE2, (byte) 0x82},
                        new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[]{(byte) 0x80},
                        new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[]{0}));
                out.write(json, quote + 1, json.length - quote - 1);
            }
            case 2 -> {
                out.writeBytes(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                out.writeBytes(json);
            }
            case 3 -> {
                out.writeBytes(json);
                out.writeBytes(pick("garbage", "}", "]]]", "\u0000", ",", "{}", "/* c */").getBytes(StandardCharsets.UTF_8));
            }
            case 4 -> {
                byte[] copy = json.clone();
                if (copy.length > 0) {
                    copy[at] = (byte) rnd.nextInt(256);
                }
                out.writeBytes(copy);
            }
            case 5 -> out.writeBytes(new String(json, StandardCharsets.UTF_8).replace('"', '\'').getBytes(StandardCharsets.UTF_8));
            case 6 -> out.writeBytes(new String(json, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
            case 7 -> {
                byte[] random = new byte[rnd.nextInt(300)];
                rnd.nextBytes(random);
                out.writeBytes(random);
            }
            default -> {
                String s = new String(json, StandardCharsets.UTF_8);
                // a duplicated key
                out.writeBytes((s.startsWith("{\"") && s.indexOf(':') > 0 ? "{" + s.substring(1, s.indexOf(':'))
                        + ":1," + s.substring(1) : s).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static int indexOfQuote(byte[] json, int from) {
        for (int i = from; i < json.length; i++) {
            if (json[i] == '"') {
                return i;
            }
        }
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '"') {
                return i;
            }
        }
        return json.length - 1;
    }

    // ---- JSON writing (lone surrogates and control characters as escapes, like any JSON encoder would) -----------

    /** Bodies stop at 6 MB (cut, so no longer JSON): beyond every route limit but the batch's, and not a heap hog. */
    static final int MAX_BODY = 6_000_000;

    byte[] json(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, rnd.nextInt(5) == 0);
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        return bytes.length > MAX_BODY ? java.util.Arrays.copyOf(bytes, MAX_BODY) : bytes;
    }

    private static void write(StringBuilder sb, Object v, boolean asciiOnly) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Raw raw) {
            sb.append(raw.json());
        } else if (v instanceof String s) {
            string(sb, s, asciiOnly);
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            sb.append(d);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > MAX_BODY) {
                    return;
                }
                sb.append(first ? "" : ",");
                first = false;
                string(sb, String.valueOf(e.getKey()), asciiOnly);
                sb.append(':');
                write(sb, e.getValue(), asciiOnly);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (sb.length() > MAX_BODY) {
                    return;
                }
                sb.append(i == 0 ? "" : ",");
                write(sb, l.get(i), asciiOnly);
            }
            sb.append(']');
        } else {
            string(sb, String.valueOf(v), asciiOnly);
        }
    }

    private static void string(StringBuilder sb, String s, boolean asciiOnly) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            if (sb.length() > MAX_BODY) {
                return; // json() cuts the body at MAX_BODY anyway: writing on only filled the heap (escapes are 6 chars)
            }
            char c = s.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || (asciiOnly && c > 0x7e) || (Character.isSurrogate(c) && !pairedSurrogate)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    // ---- small helpers -----------------------------------------------------------------------------------------------

    private String word(int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + rnd.nextInt(26)));
        }
        return sb.toString();
    }

    private String randomText(int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            int cp = switch (rnd.nextInt(6)) {
                case 0 -> 0x20 + rnd.nextInt(0x5f);
                case 1 -> 0xA0 + rnd.nextInt(0x2000);
                case 2 -> 0x3000 + rnd.nextInt(0x6000);
                case 3 -> 0x1F300 + rnd.nextInt(0x300);
                case 4 -> 0x10000 + rnd.nextInt(0xFFFFF);
                default -> 0x0600 + rnd.nextInt(0x100);
            };
            if (Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    /** A well-formed paging cursor with a random (often absurd) time. */
    private String cursor() {
        long seconds = pick(0L, -1L, 1_700_000_000L, 31_556_889_864_403_199L, -31_557_014_167_219_200L, rnd.nextLong() >> 8);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((seconds + ":" + rnd.nextInt(1_000_000_000)
                + ":" + uuid()).getBytes(StandardCharsets.UTF_8));
    }

    private UUID uuid() {
        return new UUID(rnd.nextLong(), rnd.nextLong());
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[rnd.nextInt(values.length)];
    }

    private byte[] pickBytes(byte[]... values) {
        return values[rnd.nextInt(values.length)];
    }
}
