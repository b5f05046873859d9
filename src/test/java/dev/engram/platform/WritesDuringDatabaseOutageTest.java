package dev.engram.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tenant.TestAuth;
import dev.engram.testing.TestServices;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * PostgreSQL crashes ({@code pg_ctl stop -m immediate}) and comes back while writers of every kind run: every write
 * that got a 2xx is in the database afterwards with what it wrote; writes in between get 503 database-unavailable
 * problems with Retry-After (never a 500, never a hang); a batch is there completely or not at all; the service
 * recovers without a restart. A connection lost during COMMIT is answered 503, never 2xx.
 */
@QuarkusTest
class WritesDuringDatabaseOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    /** Bound on any answer during the outage: connect timeout (5 s) + pool acquisition (5 s) + margin. */
    private static final Duration MAX_ANSWER = Duration.ofSeconds(15);
    private static final int BATCH = 5;

    @Inject
    AgroalDataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String marker = "pgcrash" + UUID.randomUUID().toString().substring(0, 8);

    /** One answered request of a writer. */
    record Outcome(String writer, int attempt, int status, long millis, JsonNode body, String retryAfter,
                   Map<String, Object> sent, long startedNanos) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedWriteThroughACrashAndRecover() throws Exception {
        assumeThat(TestServices.ownsPostgres()).as("needs the suite's own PostgreSQL").isTrue();
        List<String> updated = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            updated.add(send("POST", "/v1/memories", Map.of("content", "Updated during the crash " + i + " " + marker,
                    "userId", marker)).body().get("id").asText());
        }
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, IntFunction<Outcome>> writers = new HashMap<>();
        writers.put("store", n -> call("store", n, "POST", "/v1/memories", Map.of("content",
                "Single " + n + " " + marker, "userId", marker)));
        writers.put("batch", n -> {
            List<Map<String, Object>> memories = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                memories.add(Map.of("content", "Batch " + n + " item " + i + " " + marker, "userId", marker,
                        "metadata", Map.of("crashBatch", marker + "-" + n)));
            }
            return call("batch", n, "POST", "/v1/memories/batch", Map.of("memories", memories));
        });
        for (int i = 0; i < updated.size(); i++) {
            String id = updated.get(i);
            writers.put("update" + i, n -> call("update-" + id, n, "PATCH", "/v1/memories/" + id,
                    Map.of("summary", "rev " + n)));
        }
        writers.put("knowledge", n -> call("knowledge", n, "POST", "/v1/knowledge", Map.of("name",
                "Fact " + n + " " + marker, "knowledgeType", "fact", "description", "Crash fact " + n)));
        writers.put("pattern", n -> call("pattern", n, "POST", "/v1/patterns", Map.of("name",
                "Pattern " + n + " " + marker, "patternType", "behavioral", "userId", marker)));
        writers.put("experience", n -> call("experience", n, "POST", "/v1/experiences", Map.of("subject",
                "model-" + marker, "issueType", "crash_test", "description", "Attempt " + n, "success", n % 2 == 0)));

        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        List<Future<?>> running = new ArrayList<>();
        for (IntFunction<Outcome> writer : writers.values()) {
            running.add(pool.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    outcomes.add(writer.apply(n));
                    pause(25);
                }
            }));
        }
        try {
            awaitAcknowledged(outcomes, writers.size(), 2, Duration.ofSeconds(60));
            TestServices.stopPostgres();
            long downAt = System.nanoTime();
            try {
                pause(4_000);
            } finally {
                TestServices.startPostgres();
            }
            long upAt = System.nanoTime();
            awaitAcknowledgedAfter(outcomes, writers.keySet().size(), upAt, Duration.ofSeconds(60));
            stop.set(true);
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
            assertOutcomes(new ArrayList<>(outcomes), downAt);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        List<Outcome> all = new ArrayList<>(outcomes);
        assertEveryAcknowledgedWriteIsStored(all);
        assertBatchesAreAllOrNothing(all);
        assertUpdatesKeptTheirLastAcknowledgedRevision(all, updated);
    }

    @Test
    void shouldNeverAcknowledgeAWriteWhoseCommitLostItsConnection() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // A deferred constraint trigger runs inside COMMIT: it holds the commit long enough to kill the backend.
            s.execute("create or replace function engram_test_slow_commit() returns trigger language plpgsql as $$"
                    + " begin if new.content like '%slow-commit%' then perform pg_sleep(20); end if; return null; end $$");
            s.execute("create constraint trigger engram_test_slow_commit after insert on memory deferrable initially"
                    + " deferred for each row execute function engram_test_slow_commit()");
        }
        try {
            String content = "slow-commit " + marker;
            CompletableFuture<Outcome> pending = CompletableFuture.supplyAsync(() -> call("slow", 0, "POST",
                    "/v1/memories", Map.of("content", content, "userId", marker)));
            Integer pid = null;
            for (int i = 0; i < 200 && pid == null; i++) {
                pid = single("select pid from pg_stat_activity where wait_event = 'PgSleep' and query ilike 'commit%'");
                if (pid == null) {
                    pause(50);
                }
            }
            assertThat(pid).as("a backend sleeping inside COMMIT").isNotNull();
            assertThat(single("select case when pg_terminate_backend(" + pid + ") then 1 else 0 end")).isEqualTo(1);
            Outcome outcome = pending.get(60, TimeUnit.SECONDS);
            assertThat(outcome.status()).as(String.valueOf(outcome.body())).isEqualTo(503);
            assertThat(outcome.body().get("type").asText()).isEqualTo(ProblemType.DATABASE_UNAVAILABLE.uri().toString());
            assertThat(outcome.retryAfter()).isNotNull();
            assertThat(single("select count(*)::int from memory where content = '" + content + "'")).isZero();
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop trigger if exists engram_test_slow_commit on memory");
                s.execute("drop function if exists engram_test_slow_commit()");
            }
        }
        // the pool recovers: the next write goes through
        assertThat(send("POST", "/v1/memories", Map.of("content", "after the lost commit " + marker)).status())
                .isEqualTo(201);
    }

    private void assertOutcomes(List<Outcome> all, long downAtNanos) {
        assertThat(all.stream().filter(o -> o.status() != 200 && o.status() != 201 && o.status() != 503)
                .map(o -> o.writer() + " #" + o.attempt() + " → " + o.status() + " " + o.body()).toList())
                .as("answers that are neither a success nor a 503 problem").isEmpty();
        List<Outcome> failed = all.stream().filter(o -> o.status() == 503).toList();
        assertThat(failed).as("writes during the outage were refused").isNotEmpty();
        assertThat(failed).allSatisfy(o -> {
            assertThat(o.body().get("type").asText()).isEqualTo(ProblemType.DATABASE_UNAVAILABLE.uri().toString());
            assertThat(o.retryAfter()).as("Retry-After").isNotNull();
        });
        assertThat(all.stream().filter(o -> o.millis() >= MAX_ANSWER.toMillis())
                .map(o -> o.writer() + " #" + o.attempt() + " took " + o.millis() + " ms → " + o.status()).toList())
                .as("answers slower than the bounded timeouts").isEmpty();
        System.out.printf("outage writers: %d answers, %d acknowledged, %d refused (503), slowest %d ms%n",
                all.size(), all.stream().filter(Outcome::ok).count(), failed.size(),
                all.stream().mapToLong(Outcome::millis).max().orElse(0));
    }

    private void assertEveryAcknowledgedWriteIsStored(List<Outcome> all) throws SQLException {
        for (Outcome o : all) {
            if (!o.ok() || o.writer().startsWith("update")) {
                continue;
            }
            switch (o.writer()) {
                case "store" -> assertThat(single("select count(*)::int from memory where id = '"
                        + o.body().get("id").asText() + "' and content = '" + o.sent().get("content") + "'"))
                        .as("acknowledged memory %s", o.body().get("id")).isEqualTo(1);
                case "batch" -> {
                    for (JsonNode m : o.body().get("memories")) {
                        assertThat(single("select count(*)::int from memory where id = '" + m.get("id").asText()
                                + "' and content = '" + m.get("content").asText() + "'")).isEqualTo(1);
                    }
                }
                case "knowledge" -> assertThat(single("select count(*)::int from knowledge_entry where id = '"
                        + o.body().get("id").asText() + "' and name = '" + o.sent().get("name") + "'")).isEqualTo(1);
                case "pattern" -> assertThat(single("select count(*)::int from learning_pattern where id = '"
                        + o.body().get("id").asText() + "'")).isEqualTo(1);
                case "experience" -> assertThat(single("select count(*)::int from experience where id = '"
                        + o.body().get("id").asText() + "' and description = '" + o.sent().get("description") + "'"))
                        .isEqualTo(1);
                default -> throw new AssertionError("unknown writer " + o.writer());
            }
        }
    }

    /** Every batch sent, acknowledged or not, is in the database with all of its memories or with none. */
    private void assertBatchesAreAllOrNothing(List<Outcome> all) throws SQLException {
        Map<String, Integer> stored = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select metadata ->> 'crashBatch', count(*)::int from memory where user_id = ?"
                        + " and metadata ->> 'crashBatch' is not null group by 1")) {
            ps.setString(1, marker);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        assertThat(stored.values()).as("memories per batch").allSatisfy(n -> assertThat(n).isEqualTo(BATCH));
        for (Outcome o : all) {
            if (o.writer().equals("batch") && o.ok()) {
                assertThat(stored.get(marker + "-" + o.attempt())).isEqualTo(BATCH);
            }
        }
    }

    /**
     * Each updated memory holds its last acknowledged revision or a later attempted one (a write whose answer was
     * lost may still have committed), and its version is at least the last acknowledged one.
     */
    private void assertUpdatesKeptTheirLastAcknowledgedRevision(List<Outcome> all, List<String> ids) throws SQLException {
        for (String id : ids) {
            List<Outcome> mine = all.stream().filter(o -> o.writer().equals("update-" + id)).toList();
            Outcome lastOk = mine.stream().filter(Outcome::ok).reduce((a, b) -> b).orElseThrow();
            List<String> allowed = mine.stream().filter(o -> o.attempt() >= lastOk.attempt())
                    .map(o -> "rev " + o.attempt()).toList();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select summary, version from memory where id = ?::uuid")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isIn(allowed);
                    assertThat(rs.getLong(2)).isGreaterThanOrEqualTo(lastOk.body().get("version").asLong());
                }
            }
        }
    }

    private void awaitAcknowledged(ConcurrentLinkedQueue<Outcome> outcomes, int writers, int each, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Long> perWriter = new HashMap<>();
            outcomes.stream().filter(Outcome::ok).forEach(o -> perWriter.merge(o.writer(), 1L, Long::sum));
            if (perWriter.size() == writers && perWriter.values().stream().allMatch(n -> n >= each)) {
                return;
            }
            pause(100);
        }
        throw new AssertionError("writers did not get going: " + outcomes.size() + " answers");
    }

    /** Recovery without restart: every writer gets acknowledged writes again after PostgreSQL is back. */
    private void awaitAcknowledgedAfter(ConcurrentLinkedQueue<Outcome> outcomes, int writers, long sinceNanos,
                                        Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            long ok = outcomes.stream().filter(o -> o.ok() && o.startedNanos() > sinceNanos)
                    .map(Outcome::writer).distinct().count();
            if (ok == writers) {
                pause(1_000);
                return;
            }
            pause(100);
        }
        throw new AssertionError("not every writer recovered within " + max);
    }

    private Outcome call(String writer, int attempt, String method, String path, Map<String, Object> body) {
        long start = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                    .timeout(CLIENT_TIMEOUT).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestAuth.defaultKey())
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(writer, attempt, r.statusCode(), (System.nanoTime() - start) / 1_000_000,
                    r.body().isEmpty() ? null : JSON.readTree(r.body()), r.headers().firstValue("Retry-After").orElse(null),
                    body, start);
        } catch (Exception e) {
            // a timeout or a broken connection: recorded as status 0, which the assertions refuse
            return new Outcome(writer, attempt, 0, (System.nanoTime() - start) / 1_000_000,
                    JSON.createObjectNode().put("error", e.toString()), null, body, start);
        }
    }

    private Outcome send(String method, String path, Map<String, Object> body) {
        return call("setup", 0, method, path, body);
    }

    private Integer single(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : null;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
