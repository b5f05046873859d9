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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-model load on the session API at a fixed request rate: appends (POST /v1/sessions/{id}/messages) and context
 * reads (GET /v1/sessions/{id}/context, maxMemories=0 so only the short-term path is measured) alternate over a pool
 * of sessions. Latency is measured from each request's scheduled start, so a stalled server is not hidden
 * (no coordinated omission). Run: java bench/SessionLoad.java [baseUrl] [ratePerSecond] [seconds] [out.json]
 */
public class SessionLoad {

    /** ENGRAM_KEY, else the key scripts/run.sh wrote to .engram/api-key. */
    private static final String KEY = apiKey();

    private static String apiKey() {
        String env = System.getenv("ENGRAM_KEY");
        try {
            return env != null && !env.isBlank() ? env.strip() : Files.readString(Path.of(".engram/api-key")).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Set ENGRAM_KEY or start Engram with scripts/run.sh", e);
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path out = Path.of(args.length > 3 ? args[3] : "bench/results/sessions.json");
        int sessions = 200;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String run = Long.toString(System.currentTimeMillis(), 36);

        // warm-up: create every session and let the JIT settle
        for (int i = 0; i < sessions; i++) {
            send(http, append(base, run, i, 0)).join();
        }
        for (int i = 0; i < 2000; i++) {
            send(http, i % 2 == 0 ? append(base, run, i % sessions, i) : context(base, run, i % sessions)).join();
        }

        // JIT warm-up under the same open-loop schedule: 20 s at up to 300 requests/s, then 5 s at the target rate
        Result warm = phase(http, base, run, sessions, Math.min(rate, 300), 20);
        phase(http, base, run, sessions, rate, 5);
        System.err.printf(Locale.ROOT, "warm-up: %d errors%n", warm.errors.get());

        Result measured = phase(http, base, run, sessions, rate, seconds);
        ConcurrentLinkedQueue<long[]> appendLat = measured.appendLat;
        ConcurrentLinkedQueue<long[]> contextLat = measured.contextLat;
        AtomicInteger errors = measured.errors;
        var errorKinds = measured.errorKinds;
        long total = (long) rate * seconds;
        long start = measured.start;
        long finished = measured.finished;
        double achieved = total / ((finished - start) / 1e9);

        String json = String.format(Locale.ROOT, "{\n  \"benchmark\": \"sessions\",\n  \"timestamp\": \"%s\",\n"
                        + "  \"targetRatePerSecond\": %d,\n  \"achievedRatePerSecond\": %.1f,\n  \"seconds\": %d,\n"
                        + "  \"sessions\": %d,\n  \"errors\": %d,\n  \"errorKinds\": \"%s\",\n  \"appendMs\": %s,\n  \"contextMs\": %s,\n"
                        + "  \"method\": \"open model, fixed schedule, latency from scheduled start; appends of one turn and "
                        + "context reads (maxMessages=20, maxMemories=0) alternate over the sessions; JDK HttpClient, HTTP/1.1; after a sequential warm-up and 20 s at 300/s + 5 s at the target rate\"\n}\n",
                Instant.now(), rate, achieved, seconds, sessions, errors.get(), errorKinds, stats(appendLat), stats(contextLat));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json);
        System.out.print(json);
    }

    private record Result(ConcurrentLinkedQueue<long[]> appendLat, ConcurrentLinkedQueue<long[]> contextLat,
                          AtomicInteger errors, java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> errorKinds,
                          long start, long finished) {
    }

    /** One open-loop phase: requests on a fixed schedule, latency measured from the scheduled start. */
    private static Result phase(HttpClient http, String base, String run, int sessions, int rate, int seconds) {
        ConcurrentLinkedQueue<long[]> appendLat = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> contextLat = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long n = 0; n < total; n++) {
            long scheduled = start + n * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            int session = (int) (n % sessions);
            boolean isAppend = n % 2 == 0;
            HttpRequest req = isAppend ? append(base, run, session, n) : context(base, run, session);
            ConcurrentLinkedQueue<long[]> sink = isAppend ? appendLat : contextLat;
            inFlight.add(send(http, req).whenComplete((status, err) -> {
                if (err != null || status >= 300) {
                    errors.incrementAndGet();
                    String kind = err != null ? rootCause(err).getClass().getSimpleName() : "HTTP " + status;
                    errorKinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                } else {
                    sink.add(new long[]{System.nanoTime() - scheduled});
                }
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new Result(appendLat, contextLat, errors, errorKinds, start, System.nanoTime());
    }

    private static HttpRequest append(String base, String run, int session, long n) {
        String body = "{\"userId\":\"bench\",\"messages\":[{\"role\":\"" + (n % 4 == 0 ? "user" : "assistant")
                + "\",\"content\":\"Benchmark turn " + n + " with a sentence of ordinary length about plans.\"}]}";
        return HttpRequest.newBuilder(URI.create(base + "/v1/sessions/bench-" + run + "-" + session + "/messages"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build();
    }

    private static HttpRequest context(String base, String run, int session) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/sessions/bench-" + run + "-" + session
                + "/context?maxMessages=20&maxMemories=0")).header("Authorization", "Bearer " + KEY)
                .timeout(Duration.ofSeconds(10)).GET().build();
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

    private static String stats(ConcurrentLinkedQueue<long[]> samples) {
        long[] v = samples.stream().mapToLong(a -> a[0]).sorted().toArray();
        if (v.length == 0) {
            return "null";
        }
        return String.format(Locale.ROOT, "{\"n\": %d, \"p50\": %.2f, \"p95\": %.2f, \"p99\": %.2f, \"max\": %.2f, \"mean\": %.2f}",
                v.length, pct(v, 50), pct(v, 95), pct(v, 99), v[v.length - 1] / 1e6, Arrays.stream(v).average().orElse(0) / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }
}
