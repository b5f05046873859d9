import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Open-model mixed workload at a fixed request rate, in a fixed interleaved order of every 20 requests: 8 session
 * appends (40 %), 6 session context reads (30 %, short-term only), 3 memory searches (15 %, hybrid, each query text
 * unique so every search embeds), 2 memory stores (10 %, embedded synchronously) and 1 cache write or read (5 %,
 * alternating: each read finds the value the write before it put). Latency is measured from each request's scheduled start (no coordinated omission).
 * Run: java bench/MixedLoad.java [baseUrl] [ratePerSecond=200] [seconds=300] [out.json] [warmupSeconds=30]
 */
public class MixedLoad {

    private static final String KEY = apiKey();
    private static final String[] SLOTS = {"append", "context", "search", "append", "store", "context", "append",
            "search", "context", "append", "cache", "context", "append", "store", "search", "append", "context",
            "append", "context", "append"};
    private static final String[] TOPICS = {"travel plans", "the kitchen renovation", "a birthday present",
            "the quarterly report", "learning Spanish", "running shoes", "the dentist appointment", "a python bug",
            "the garden", "holiday photos"};

    private static String apiKey() {
        String env = System.getenv("ENGRAM_KEY");
        try {
            return env != null && !env.isBlank() ? env.strip() : Files.readString(Path.of(".engram/api-key")).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Set ENGRAM_KEY or start Engram with scripts/run.sh", e);
        }
    }

    private record Op(String name, HttpRequest request) {
    }

    private record Phase(Map<String, ConcurrentLinkedQueue<Long>> latencies, Map<String, AtomicInteger> errors,
                         ConcurrentHashMap<String, AtomicInteger> errorKinds, long start, long finished, long sent) {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Path out = Path.of(args.length > 3 ? args[3] : "bench/results/mixed.json");
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        int sessions = 200;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String run = Long.toString(System.currentTimeMillis(), 36);

        // long-term data to search: 1000 memories of 20 users, stored in batches of 100
        for (int b = 0; b < 10; b++) {
            StringBuilder body = new StringBuilder("{\"memories\":[");
            for (int i = 0; i < 100; i++) {
                int n = b * 100 + i;
                body.append(i == 0 ? "" : ",").append(memoryJson(run, n));
            }
            int status = send(http, post(base, "/v1/memories/batch", body.append("]}").toString(), 120)).join();
            if (status != 201) {
                throw new IllegalStateException("seeding failed with HTTP " + status);
            }
        }
        // every session and cache key exists before the schedule starts (a read never races the first write)
        for (int session = 0; session < sessions; session++) {
            send(http, next(base, run, sessions, (long) session * SLOTS.length).request()).join();
        }
        for (long j = 0; j < 50; j++) {
            send(http, next(base, run, sessions, j * 40 + 10).request()).join();
        }
        Phase warm = phase(http, base, run, sessions, rate, warmup);
        System.err.printf(Locale.ROOT, "warm-up: %d s at %d/s, %d errors%n", warmup, rate,
                warm.errors().values().stream().mapToInt(AtomicInteger::get).sum());

        Phase measured = phase(http, base, run, sessions, rate, seconds);
        double achieved = measured.sent() / ((measured.finished() - measured.start()) / 1e9);
        int errors = measured.errors().values().stream().mapToInt(AtomicInteger::get).sum();
        String perOp = measured.latencies().entrySet().stream().map(e -> "    \"" + e.getKey() + "\": "
                        + stats(e.getValue(), measured.errors().get(e.getKey()).get()))
                .collect(Collectors.joining(",\n"));
        String kinds = measured.errorKinds().entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", "));
        String json = String.format(Locale.ROOT, "{\n  \"benchmark\": \"mixed\",\n  \"timestamp\": \"%s\",\n"
                        + "  \"targetRatePerSecond\": %d,\n  \"achievedRatePerSecond\": %.1f,\n  \"seconds\": %d,\n"
                        + "  \"warmupSeconds\": %d,\n  \"requests\": %d,\n  \"errors\": %d,\n  \"errorKinds\": {%s},\n"
                        + "  \"mix\": {\"append\": 0.40, \"context\": 0.30, \"search\": 0.15, \"store\": 0.10, \"cache\": 0.05},\n"
                        + "  \"operationsMs\": {\n%s\n  },\n"
                        + "  \"method\": \"open model, fixed schedule, latency from scheduled start (ms); fixed interleaving of "
                        + "every 20 requests; %d sessions; searches hybrid, limit 10, unique query texts over 1000 seeded "
                        + "memories of 20 users; stores embedded synchronously; JDK HttpClient, HTTP/1.1\"\n}\n",
                Instant.now(), rate, achieved, seconds, warmup, measured.sent(), errors, kinds, perOp, sessions);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json);
        System.out.print(json);
    }

    /** One open-loop phase: requests on a fixed schedule, latency measured from the scheduled start. */
    private static Phase phase(HttpClient http, String base, String run, int sessions, int rate, int seconds) {
        Map<String, ConcurrentLinkedQueue<Long>> latencies = new LinkedHashMap<>();
        Map<String, AtomicInteger> errors = new LinkedHashMap<>();
        for (String op : List.of("append", "context", "search", "store", "cache")) {
            latencies.put(op, new ConcurrentLinkedQueue<>());
            errors.put(op, new AtomicInteger());
        }
        ConcurrentHashMap<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long intervalNanos = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        for (long n = 0; n < total; n++) {
            long scheduled = start + n * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Op op = next(base, run, sessions, n);
            inFlight.add(send(http, op.request()).whenComplete((status, err) -> {
                if (err != null || status >= 300) {
                    errors.get(op.name()).incrementAndGet();
                    String kind = op.name() + " " + (err != null ? rootCause(err).getClass().getSimpleName() : "HTTP " + status);
                    errorKinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                } else {
                    latencies.get(op.name()).add(System.nanoTime() - scheduled);
                }
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new Phase(latencies, errors, errorKinds, start, System.nanoTime(), total);
    }

    private static Op next(String base, String run, int sessions, long n) {
        String name = SLOTS[(int) (n % SLOTS.length)];
        int session = (int) ((n / SLOTS.length) % sessions);
        String topic = TOPICS[(int) (n % TOPICS.length)];
        return new Op(name, switch (name) {
            case "append" -> post(base, "/v1/sessions/mixed-" + run + "-" + session + "/messages",
                    "{\"userId\":\"user-" + (session % 20) + "\",\"messages\":[{\"role\":\"" + (n % 3 == 0 ? "user" : "assistant")
                            + "\",\"content\":\"Turn " + n + ": a sentence of ordinary length about " + topic + ".\"}]}", 10);
            case "context" -> HttpRequest.newBuilder(URI.create(base + "/v1/sessions/mixed-" + run + "-" + session
                            + "/context?maxMessages=20&maxMemories=0")).header("Authorization", "Bearer " + KEY)
                    .timeout(Duration.ofSeconds(10)).GET().build();
            case "search" -> post(base, "/v1/memories/search", "{\"query\":\"what did the user say about " + topic
                    + " (" + n + ")\",\"userId\":\"user-" + (n % 20) + "\",\"limit\":10}", 10);
            case "store" -> post(base, "/v1/memories", memoryJson(run, n), 10);
            default -> (n / SLOTS.length) % 2 == 0
                    ? HttpRequest.newBuilder(URI.create(base + "/v1/cache/mixed-" + run + "-" + (n / 40) % 50))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                    .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"answer\":\"cached answer " + n + " about " + topic + "\"}")).build()
                    : HttpRequest.newBuilder(URI.create(base + "/v1/cache/mixed-" + run + "-" + (n / 40) % 50))
                    .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10)).GET().build();
        });
    }

    private static String memoryJson(String run, long n) {
        return "{\"content\":\"Memory " + n + " of run " + run + ": the user mentioned " + TOPICS[(int) (n % TOPICS.length)]
                + " and wants a follow-up next week.\",\"userId\":\"user-" + (n % 20) + "\",\"type\":\"episodic\"}";
    }

    private static HttpRequest post(String base, String path, String json, int timeoutSeconds) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(timeoutSeconds))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static CompletableFuture<Integer> send(HttpClient http, HttpRequest req) {
        return http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String stats(ConcurrentLinkedQueue<Long> samples, int errors) {
        long[] v = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        if (v.length == 0) {
            return "{\"n\": 0, \"errors\": " + errors + "}";
        }
        return String.format(Locale.ROOT, "{\"n\": %d, \"errors\": %d, \"p50\": %.2f, \"p95\": %.2f, \"p99\": %.2f, "
                        + "\"max\": %.2f, \"mean\": %.2f}", v.length, errors, pct(v, 50), pct(v, 95), pct(v, 99),
                v[v.length - 1] / 1e6, Arrays.stream(v).average().orElse(0) / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }
}
