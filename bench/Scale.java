import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.engram.embedding.InProcessModels;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speed at scale against a running Engram (scripts/run.sh): a deterministic synthetic corpus grows step by step
 * (e.g. 10k, then 100k memories, one tenant), and at each size this measures
 * <ol>
 *   <li>ingest throughput through {@code POST /v1/memories/batch} (batches of 250, 2 clients) against the raw
 *       in-process embedding throughput of the same model with the service's ONNX Runtime options, measured in this JVM in the same run while the service
 *       is idle (the limit on this machine);</li>
 *   <li>search latency p50/p95/p99 at concurrency 1, 8 and 32 (closed loop, hybrid, default weights, limit 10, the
 *       whole tenant), cache miss (every query text new, so every search embeds) and cache hit (20 warm texts);</li>
 *   <li>HNSW recall@10 against exact search (sequential scan) on the same data, for a range of {@code ef_search}
 *       values, for a plain top-10 query and for the service's candidate query (50 candidates, best 10 kept);</li>
 *   <li>the service's resident memory (VmRSS) and its start-up time from its log.</li>
 * </ol>
 * Run (after {@code ENGRAM_RATE_LIMIT_REQUESTS_PER_SECOND=1000000 ENGRAM_RATE_LIMIT_BURST=1000000 scripts/run.sh}):
 * {@code java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/main/*" bench/Scale.java --sizes 10000,100000}
 * Options: --url, --sizes, --reset (empties the memory table first), --out, --recall-queries, --tenant, --copies-to,
 * --search-only (a size already stored: measure search, HNSW recall and storage again), --skip-search and
 * --skip-recall (leave out the search latency or the HNSW recall cells, e.g. to measure ingest alone),
 * --hnsw-params 16:64,16:128 (on the stored corpus: HNSW build time, insert cost and recall per m:ef_construction,
 * in scratch tables; nothing else is measured), --stock-embedding (also measure raw embedding with LangChain4j's stock
 * model classes, i.e. ONNX Runtime's default threading, next to the service's session options), --concurrency 1,8,32
 * (the search cells' concurrency levels), --warmup 4000 (untimed searches before the cells at each size: the JIT
 * keeps compiling the search path for ~3000 searches after a start, see docs/benchmarks.md), --top10 LABEL
 * [--reference FILE] (on the stored corpus: the top 10 of 300 fixed questions in keyword and hybrid mode, tenant-wide
 * and for one user, and the
 * share of a reference run's top 10 that this run returns; nothing else is measured).
 */
public class Scale {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 250;
    private static final int INGEST_CLIENTS = 2;
    private static int[] concurrencyLevels = {1, 8, 32};
    private static int warmupSearches = 4000;
    private static final int[] EF_SEARCH = {10, 20, 40, 64, 100, 200, 400};

    private static final String[] SUBJECTS = {"Alice", "Bob", "Carmen", "Deepak", "Elena", "Farid", "Grace", "Hiro",
            "Ines", "Jonas", "Kemal", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tara",
            "the user", "my manager", "our team", "the agent", "my sister", "the landlord", "the new intern",
            "the customer", "Ulla", "Viktor", "Wen", "Yusuf", "Zofia", "my neighbour", "the support desk"};
    private static final String[] VERBS = {"likes", "prefers", "bought", "visited", "forgot", "recommended", "booked",
            "cancelled", "asked about", "complained about", "is allergic to", "wants to learn", "started using",
            "stopped using", "borrowed", "repaired", "sold", "planned", "reviewed", "scheduled", "lost", "painted",
            "returned", "ordered", "upgraded", "measured", "shared", "photographed"};
    private static final String[] OBJECTS = {"green tea", "a vegan restaurant", "the Lisbon trip",
            "dark mode in the editor", "a road bike", "the quarterly report", "peanuts", "Spanish lessons",
            "a standing desk", "the dentist appointment", "Python type hints", "jazz concerts", "a rescue dog",
            "the kitchen sink", "sushi", "a mechanical keyboard", "early morning meetings", "the hiking boots",
            "a flight to Tokyo", "PostgreSQL indexes", "oat milk", "the birthday party", "a budget spreadsheet",
            "the garden shed", "noise-cancelling headphones", "the pottery class", "a used Volvo", "weekly standups",
            "the apartment lease", "chess openings", "the Kubernetes cluster", "a sourdough starter",
            "the wedding playlist", "an electric scooter", "the tax return", "a climbing harness", "the pull request",
            "a piano teacher", "the solar panels", "the coffee grinder", "a train to Vienna", "the sprint retro"};
    private static final String[] PLACES = {"in Berlin", "at the office", "last weekend", "on Monday", "in March",
            "after lunch", "during the holidays", "at the airport", "online", "with friends", "before the deadline",
            "in the evening", "near the station", "for the third time", "without telling anyone", "in Lisbon",
            "at home", "on the train", "in the summer", "yesterday"};
    private static final String[] REASONS = {"because it was cheaper", "to save time", "after a long discussion",
            "on a colleague's advice", "since the old one broke", "for health reasons", "just for fun",
            "to prepare for the exam", "because the reviews were good", "", "", ""};
    private static final String[] QUESTIONS = {"What does %1$s like?", "Which %3$s did %1$s mention?",
            "When did %1$s book %3$s?", "Who %2$s %3$s?", "What happened %4$s?", "Is anyone allergic to %3$s?",
            "%1$s and %3$s", "What are %1$s's preferences?", "Tell me about %3$s", "Why did %1$s cancel %3$s?",
            "Did %1$s ever mention %3$s %4$s?", "What did %1$s do %4$s?"};

    private final String base;
    private final String key;
    private final String tenant;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8)).build();
    private final Set<String> usedQueries = new HashSet<>();
    /**
     * Query texts differ from run to run (the seed is in the result file): the service's query-embedding cache lives in
     * Redis and outlives a run, so a fixed sequence would make every "miss" of a second run a cache hit.
     */
    private final long querySeed = System.nanoTime();
    private final Random queryRng = new Random(querySeed);

    Scale(String base, String key, String tenant) {
        this.base = base;
        this.key = key;
        this.tenant = tenant;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String base = opt.getOrDefault("url", "http://127.0.0.1:8080");
        List<Integer> sizes = Arrays.stream(opt.getOrDefault("sizes", "10000,100000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        int recallQueries = Integer.parseInt(opt.getOrDefault("recall-queries", "200"));
        concurrencyLevels = Arrays.stream(opt.getOrDefault("concurrency", "1,8,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        warmupSearches = Integer.parseInt(opt.getOrDefault("warmup", "4000"));
        String pgUrl = opt.getOrDefault("db", "jdbc:postgresql://127.0.0.1:"
                + System.getenv().getOrDefault("ENGRAM_PG_PORT", "55432") + "/engram");
        Scale scale = new Scale(base, apiKey(), opt.getOrDefault("tenant", "local"));

        try (Connection db = DriverManager.getConnection(pgUrl, "engram", "engram")) {
            if (opt.containsKey("reset")) {
                try (Statement s = db.createStatement()) {
                    s.execute("truncate memory cascade");
                }
            }
            String model = scale.model();
            ObjectNode out = JSON.createObjectNode();
            out.put("benchmark", "scale");
            out.put("finished", "");
            out.put("model", model);
            out.set("machine", machine(db));
            out.set("service", scale.service());
            out.put("querySeed", scale.querySeed);
            out.put("batchSize", BATCH);
            out.put("ingestClients", INGEST_CLIENTS);
            out.put("warmupSearches", warmupSearches);
            EmbeddingModel embedder = inProcess(model);
            String documentPrefix = model.startsWith("e5") ? "passage: " : "";
            String queryPrefix = model.startsWith("e5") ? "query: "
                    : model.startsWith("bge") ? "Represent this sentence for searching relevant passages: " : "";
            if (opt.containsKey("top10")) {
                out.put("benchmark", "top10");
                out.put("label", opt.get("top10"));
                out.put("memories", scale.count(db));
                out.set("top10", scale.top10(Integer.parseInt(opt.getOrDefault("top10-queries", "300")),
                        opt.get("reference")));
                out.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                Path file = Path.of(opt.getOrDefault("out", resultsDir() + "/top10-" + opt.get("top10") + ".json"));
                Files.createDirectories(file.toAbsolutePath().getParent());
                JSON.writeValue(file.toFile(), out); // compact: 300 questions x 2 modes x 10 ids
                log("wrote %s", file);
                System.exit(0);
            }
            if (opt.containsKey("hnsw-params")) {
                out.put("benchmark", "hnsw-params");
                out.set("hnswParams", scale.hnswParams(db, embedder, queryPrefix, recallQueries,
                        opt.get("hnsw-params")));
                out.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                Path file = Path.of(opt.getOrDefault("out", resultsDir() + "/hnsw-params-" + model + ".json"));
                Files.createDirectories(file.toAbsolutePath().getParent());
                JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
                log("wrote %s", file);
                System.exit(0);
            }
            ArrayNode steps = out.putArray("sizes");
            int stored = scale.count(db);
            for (int size : sizes) {
                if (size < stored) {
                    throw new IllegalStateException("the tenant already holds " + stored + " memories, more than "
                            + size + "; use --reset");
                }
                if (size == stored && opt.containsKey("search-only")) {
                    // the corpus is already there (an earlier run): measure search again, e.g. after a change to it
                    ObjectNode step = steps.addObject();
                    step.put("memories", size);
                    step.put("searchOnly", true);
                    log("=== %d memories (already stored): search only ===", size);
                    scale.awaitKeywordStatistics(db, size);
                    if (!opt.containsKey("skip-search")) {
                        step.set("search", scale.searchLatency());
                    }
                    if (!opt.containsKey("skip-recall")) {
                        step.set("hnswRecall", scale.recall(db, embedder, queryPrefix, recallQueries));
                    }
                    step.set("service", scale.service());
                    step.set("storage", storage(db));
                    continue;
                }
                if (size == stored) {
                    log("the tenant already holds %d memories: step skipped (its numbers are in an earlier result)", size);
                    continue;
                }
                ObjectNode step = steps.addObject();
                step.put("memories", size);
                log("=== %d memories ===", size);
                step.set("rawEmbedding", rawEmbedding(embedder, documentPrefix, stored, Math.min(6000, size)));
                if (opt.containsKey("stock-embedding")) {
                    log("(LangChain4j's stock model classes, ONNX Runtime's default threading:)");
                    step.set("rawEmbeddingStockLangChain4j", rawEmbedding(stock(model), documentPrefix, stored,
                            Math.min(6000, size)));
                }
                step.set("ingest", scale.ingest(stored, size));
                log("ingest: %.0f memories/s (answered)", step.get("ingest").get("memoriesPerSecond").asDouble());
                double drain = scale.awaitAutoLinking();
                double ingested = step.get("ingest").get("memories").asDouble();
                step.put("autoLinkDrainSeconds", round(drain, 1));
                step.put("memoriesPerSecondUntilLinked", round(ingested
                        / (step.get("ingest").get("seconds").asDouble() + drain), 1));
                stored = scale.count(db);
                step.put("storedAfterIngest", stored);
                try (Statement s = db.createStatement()) {
                    s.execute("vacuum analyze memory");
                }
                scale.awaitKeywordStatistics(db, size);
                double raw = step.get("rawEmbedding").get("textsPerSecond").asDouble();
                double ingest = step.get("ingest").get("memoriesPerSecond").asDouble();
                step.put("ingestShareOfRawEmbedding", round(ingest / raw, 3));
                if (!opt.containsKey("skip-search")) {
                    step.set("search", scale.searchLatency());
                }
                if (!opt.containsKey("skip-recall")) {
                    step.set("hnswRecall", scale.recall(db, embedder, queryPrefix, recallQueries));
                }
                step.set("service", scale.service());
                step.set("storage", storage(db));
                log("%d memories: ingest %.0f/s (raw embedding %.0f/s, %.0f %%)", size, ingest, raw, 100 * ingest / raw);
            }
            if (opt.containsKey("copies-to")) {
                int target = Integer.parseInt(opt.get("copies-to"));
                ObjectNode step = steps.addObject();
                step.put("memories", target);
                log("=== %d memories (SQL copies) ===", target);
                step.set("sqlCopies", scale.expandBySqlCopies(db, stored, target));
                stored = scale.count(db);
                step.put("storedAfterIngest", stored);
                scale.awaitKeywordStatistics(db, stored);
                step.set("search", scale.searchLatency());
                step.set("hnswRecall", scale.recall(db, embedder, queryPrefix, Math.min(recallQueries, 50)));
                step.set("service", scale.service());
                step.set("storage", storage(db));
            }
            out.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            Path file = Path.of(opt.getOrDefault("out", resultsDir() + "/scale-" + model + ".json"));
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
            log("wrote %s", file);
        }
        System.exit(0);
    }

    // --- corpus ---------------------------------------------------------------------------------------------------

    /** Memory {@code n} of the corpus: the same text, user and time for the same n on every run. */
    static ObjectNode memory(int n) {
        Random rng = new Random(1_000_003L * n + 17);
        String s = pick(rng, SUBJECTS) + " " + pick(rng, VERBS) + " " + pick(rng, OBJECTS) + " " + pick(rng, PLACES);
        String reason = pick(rng, REASONS);
        s = reason.isEmpty() ? s : s + " " + reason;
        s = Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
        if (rng.nextDouble() < 0.3) {
            s += " Reference " + Integer.toString(n * 7919 % 1_000_003, 36) + ".";
        }
        ObjectNode m = JSON.createObjectNode();
        m.put("content", s);
        m.put("userId", "scale-user-" + (n % 200));
        m.put("importance", Math.round(rng.nextDouble() * 100) / 100.0);
        m.put("occurredAt", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n * 97L % (300L * 86400)).toString());
        m.putObject("metadata").put("scale", n);
        return m;
    }

    private String nextQuery() {
        while (true) {
            String q = String.format(pick(queryRng, QUESTIONS), pick(queryRng, SUBJECTS), pick(queryRng, VERBS),
                    pick(queryRng, OBJECTS), pick(queryRng, PLACES));
            if (usedQueries.add(q)) {
                return q;
            }
        }
    }

    private static String pick(Random rng, String[] values) {
        return values[rng.nextInt(values.length)];
    }

    // --- ingest ---------------------------------------------------------------------------------------------------

    static ObjectNode rawEmbedding(EmbeddingModel model, String prefix, int from, int count) {
        List<TextSegment> texts = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            texts.add(TextSegment.from(prefix + memory(n).get("content").asText()));
        }
        model.embedAll(texts.subList(0, Math.min(64, texts.size())));  // warm-up
        long cpuStart = ownCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < texts.size(); i += 64) {  // the service's embedding batch (engram.embedding.batch-size)
            model.embedAll(texts.subList(i, Math.min(texts.size(), i + 64)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (ownCpuNanos() - cpuStart) / 1e6;
        ObjectNode r = JSON.createObjectNode();
        r.put("texts", count);
        r.put("seconds", round(seconds, 2));
        r.put("textsPerSecond", round(count / seconds, 1));
        r.put("cpuMillisPerText", round(cpuMillis / count, 3));
        log("raw in-process embedding: %d texts in %.1f s = %.0f/s, %.2f ms CPU per text", count, seconds,
                count / seconds, cpuMillis / count);
        return r;
    }

    ObjectNode ingest(int from, int to) throws Exception {
        if (from >= to) {
            throw new IllegalStateException("nothing to ingest: the tenant already holds " + from + " memories");
        }
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<Long> batchMillis = new ConcurrentLinkedQueue<>();
        Map<String, Long> cpuBefore = serviceCpuMillis();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(INGEST_CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < INGEST_CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                while (true) {
                    int first = next.getAndAdd(BATCH);
                    if (first >= to) {
                        return null;
                    }
                    ObjectNode body = JSON.createObjectNode();
                    ArrayNode memories = body.putArray("memories");
                    for (int n = first; n < Math.min(to, first + BATCH); n++) {
                        memories.add(memory(n));
                    }
                    long t = System.nanoTime();
                    HttpResponse<String> r = send(post("/v1/memories/batch", body.toString(), 300));
                    batchMillis.add((System.nanoTime() - t) / 1_000_000);
                    if (r.statusCode() != 201) {
                        errors.incrementAndGet();
                        throw new IllegalStateException("batch at " + first + ": HTTP " + r.statusCode() + " "
                                + r.body().substring(0, Math.min(300, r.body().length())));
                    }
                    if ((first / BATCH) % 40 == 0) {
                        log("ingest %d / %d", first, to);
                    }
                }
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> cpuAfter = serviceCpuMillis();
        ObjectNode r = JSON.createObjectNode();
        r.put("memories", to - from);
        // CPU per memory of each process group while the batches were answered (auto-linking may run on briefly)
        ObjectNode cpu = r.putObject("cpuMillisPerMemory");
        cpuAfter.forEach((k, v) -> cpu.put(k, round((v - cpuBefore.getOrDefault(k, 0L)) / (double) (to - from), 3)));
        log("ingest CPU per memory (ms): %s", cpu);
        r.put("seconds", round(seconds, 1));
        r.put("memoriesPerSecond", round((to - from) / seconds, 1));
        r.put("errors", errors.get());
        r.set("batchMillis", percentiles(new ArrayList<>(batchMillis).stream().map(ms -> ms * 1_000_000L).toList()));
        return r;
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * User + system CPU milliseconds so far of the service (pid in .engram/engram.pid), of all PostgreSQL processes and
     * of Redis, from /proc (Linux; empty elsewhere). Clock ticks of 10 ms (CONFIG_HZ-independent USER_HZ = 100).
     */
    static Map<String, Long> serviceCpuMillis() {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            String enginePid = Files.exists(Path.of(".engram/engram.pid"))
                    ? Files.readString(Path.of(".engram/engram.pid")).strip() : "";
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : dirs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                    String stat;
                    try {
                        stat = Files.readString(d.resolve("stat"));
                    } catch (Exception gone) {
                        continue;
                    }
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    String group = d.getFileName().toString().equals(enginePid) ? "engram"
                            : comm.equals("postgres") ? "postgres" : comm.startsWith("redis-server") ? "redis" : null;
                    if (group != null) {
                        out.merge(group, ticks * 10, Long::sum);
                    }
                }
            }
        } catch (Exception e) {
            log("CPU accounting unavailable: %s", e.getMessage());
        }
        return out;
    }

    /** The memory table's HNSW index as PostgreSQL has it ({@code CREATE INDEX …}), or null when there is none. */
    static String hnswIndexDefinition(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "select indexdef from pg_indexes where indexname = 'memory_embedding_hnsw_idx'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Grows the tenant to {@code target} memories without the API (which would take hours here): copies of the
     * stored memories, each copy under another user ({@code <user>-c<k>}) with the same text and its embedding
     * perturbed by uniform noise of ±0.025 per dimension (cosine ≈ 0.96 to the original; seeded, so the vectors are
     * the same on every run). The HNSW index is dropped for the insert and rebuilt afterwards with its own definition
     * (as the migrations left it, read from {@code pg_indexes}), as one would for a bulk load.
     */
    ObjectNode expandBySqlCopies(Connection db, int stored, int target) throws Exception {
        int copies = (int) Math.ceil((double) target / stored) - 1;
        ObjectNode r = JSON.createObjectNode();
        r.put("method", "copies of the " + stored + " embedded memories under other users, embedding + uniform noise"
                + " ±0.025 per dimension (setseed 0.42); HNSW index rebuilt after the insert");
        r.put("copies", copies);
        try (Statement s = db.createStatement()) {
            String indexDefinition = hnswIndexDefinition(db);
            if (indexDefinition == null) {
                throw new IllegalStateException("memory_embedding_hnsw_idx is missing");
            }
            r.put("hnsw", indexDefinition);
            long t = System.nanoTime();
            s.execute("drop index memory_embedding_hnsw_idx");
            db.setAutoCommit(false);
            s.execute("select setseed(0.42)");
            s.execute("insert into memory (id, tenant_id, type_code, user_id, content, importance, occurred_at,"
                    + " created_at, updated_at, content_hash, embedding, embedding_model, metadata)"
                    + " select gen_random_uuid(), m.tenant_id, m.type_code, m.user_id || '-c' || k, m.content,"
                    + " m.importance, m.occurred_at, now(), now(), m.content_hash,"
                    + " (select array_agg(x + (random() - 0.5) * 0.05 order by i)::halfvec"
                    + " from unnest(m.embedding::real[]) with ordinality u (x, i)), m.embedding_model,"
                    + " m.metadata || jsonb_build_object('copy', k)"
                    + " from (select * from memory where tenant_id = '" + tenant + "' order by id) m,"
                    + " generate_series(1, " + copies + ") k");
            db.commit();
            db.setAutoCommit(true);
            r.put("insertSeconds", round((System.nanoTime() - t) / 1e9, 1));
            log("inserted %d copies in %.0f s", copies, (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            s.execute("set maintenance_work_mem = '6GB'");
            s.execute("set max_parallel_maintenance_workers = 2");
            s.execute(indexDefinition);
            r.put("hnswBuildSeconds", round((System.nanoTime() - t) / 1e9, 1));
            log("HNSW index built in %.0f s", (System.nanoTime() - t) / 1e9);
            s.execute("vacuum analyze memory");
        }
        return r;
    }

    // --- search latency -------------------------------------------------------------------------------------------

    ObjectNode searchLatency() throws Exception {
        for (int i = 0; i < warmupSearches; i++) {  // warm-up: JIT, pools, plans
            search(nextQuery());
        }
        List<String> hot = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hot.add(nextQuery());
            search(hot.get(i));  // now in the query-embedding cache
        }
        ObjectNode r = JSON.createObjectNode();
        // miss / hit: the whole tenant is the corpus (the worst case); user-miss: each search filtered to one of the
        // 200 users (what an agent serving one user sends), cache miss
        for (String cache : List.of("miss", "hit", "user-miss")) {
            ObjectNode byConcurrency = r.putObject(cache);
            for (int concurrency : concurrencyLevels) {
                int requests = Math.max(300, concurrency * 50);
                List<String> queries = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    queries.add(cache.equals("hit") ? hot.get(i % hot.size()) : nextQuery());
                }
                JsonNode before = retrievalStats();
                Map<String, Long> cpuBefore = serviceCpuMillis();
                ObjectNode cell = closedLoop(queries, concurrency, cache.startsWith("user"));
                Map<String, Long> cpuAfter = serviceCpuMillis();
                JsonNode after = retrievalStats();
                ObjectNode cpu = cell.putObject("cpuMillisPerSearch");
                cpuAfter.forEach((k, v) -> cpu.put(k, round((v - cpuBefore.getOrDefault(k, 0L)) / (double) requests,
                        2)));
                double hits = after.path("cacheHits").asDouble() - before.path("cacheHits").asDouble();
                double misses = after.path("cacheMisses").asDouble() - before.path("cacheMisses").asDouble();
                if (hits + misses > 0) {
                    cell.put("observedCacheHitRatio", round(hits / (hits + misses), 3));
                }
                byConcurrency.set("c" + concurrency, cell);
                log("search cache %s, concurrency %d: p50 %.1f p95 %.1f p99 %.1f ms, %.0f/s; CPU ms per search %s",
                        cache, concurrency, cell.get("p50").asDouble(), cell.get("p95").asDouble(),
                        cell.get("p99").asDouble(), cell.get("requestsPerSecond").asDouble(), cpu);
            }
        }
        return r;
    }

    private ObjectNode closedLoop(List<String> queries, int concurrency, boolean perUser) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < queries.size(); i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    int status = perUser ? search(queries.get(i), "scale-user-" + (i % 200)) : search(queries.get(i));
                    long took = System.nanoTime() - t;
                    if (status == 200) {
                        nanos.add(took);
                    } else {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        ObjectNode cell = percentiles(new ArrayList<>(nanos));
        cell.put("requests", queries.size());
        cell.put("errors", errors.get());
        cell.put("requestsPerSecond", round(queries.size() / seconds, 1));
        return cell;
    }

    private int search(String query) throws Exception {
        return search(query, null);
    }

    private int search(String query, String userId) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        body.put("limit", 10);
        if (userId != null) {
            body.put("userId", userId);
        }
        return send(post("/v1/memories/search", body.toString(), 60)).statusCode();
    }

    // --- top 10 against a reference ---------------------------------------------------------------------------

    /**
     * The top 10 of a fixed set of questions (seed 42, so every run asks the same), tenant-wide and filtered to one
     * user, in keyword and in hybrid mode, ranked by relevance alone (recency and access counts would move between runs), and, given the file
     * of a reference run, the share of the reference's top 10 that this run returns (averaged over the questions):
     * how much of a configuration's ranking a cheaper candidate search keeps.
     */
    ObjectNode top10(int n, String referenceFile) throws Exception {
        Random rng = new Random(42);
        Set<String> asked = new HashSet<>();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode queries = out.putArray("queries");
        JsonNode reference = referenceFile == null ? null : JSON.readTree(Path.of(referenceFile).toFile())
                .path("top10").path("queries");
        Map<String, double[]> overlap = new LinkedHashMap<>();
        while (asked.size() < n) {
            String q = String.format(pick(rng, QUESTIONS), pick(rng, SUBJECTS), pick(rng, VERBS), pick(rng, OBJECTS),
                    pick(rng, PLACES));
            if (!asked.add(q)) {
                continue;
            }
            ObjectNode row = queries.addObject().put("query", q);
            for (String mode : List.of("keyword", "hybrid", "userKeyword", "userHybrid")) {
                boolean oneUser = mode.startsWith("user");
                ObjectNode body = JSON.createObjectNode().put("query", q).put("limit", 10)
                        .put("mode", oneUser ? mode.substring(4).toLowerCase(Locale.ROOT) : mode).put("explain", true);
                if (oneUser) {
                    body.put("userId", "scale-user-" + (asked.size() % 200));
                }
                body.putObject("weights").put("relevance", 1).put("recency", 0).put("frequency", 0).put("importance", 0);
                HttpResponse<String> r = send(post("/v1/memories/search", body.toString(), 60));
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("search answered " + r.statusCode() + ": " + r.body());
                }
                ArrayNode ids = row.putArray(mode);
                ArrayNode ranks = row.putArray(mode + "KeywordRank");
                JSON.readTree(r.body()).path("hits").forEach(h -> {
                    ids.add(h.path("memory").path("id").asText());
                    ranks.add(h.path("explain").path("keywordRank").asDouble());
                });
                if (reference != null) {
                    JsonNode ref = reference.get(queries.size() - 1);
                    if (!q.equals(ref.path("query").asText())) {
                        throw new IllegalStateException("the reference asked other questions");
                    }
                    Set<String> expected = new HashSet<>();
                    ref.path(mode).forEach(id -> expected.add(id.asText()));
                    JsonNode refRanks = ref.path(mode + "KeywordRank");
                    double tenth = refRanks.isEmpty() ? 0 : refRanks.get(refRanks.size() - 1).asDouble();
                    long kept = 0;
                    long keptTies = 0;
                    for (int i = 0; i < ids.size(); i++) {
                        kept += expected.contains(ids.get(i).asText()) ? 1 : 0;
                        // keyword mode ranks by BM25 alone: a hit as good as the reference's last one is as right
                        keptTies += expected.contains(ids.get(i).asText())
                                || mode.toLowerCase(Locale.ROOT).endsWith("keyword") && ranks.get(i).asDouble() >= tenth - 1e-9 ? 1 : 0;
                    }
                    double[] sum = overlap.computeIfAbsent(mode, k -> new double[3]);
                    sum[0] += expected.isEmpty() ? 1 : (double) kept / expected.size();
                    sum[1] += expected.isEmpty() ? 1 : Math.min(1, (double) keptTies / expected.size());
                    sum[2]++;
                }
            }
        }
        if (reference != null) {
            ObjectNode shares = out.putObject("shareOfReferenceTop10");
            overlap.forEach((mode, sum) -> {
                shares.put(mode, Math.round(sum[0] / sum[2] * 10000) / 10000.0);
                if (mode.toLowerCase(Locale.ROOT).endsWith("keyword")) {
                    shares.put(mode + "TieAware", Math.round(sum[1] / sum[2] * 10000) / 10000.0);
                }
            });
            out.put("reference", referenceFile);
            log("share of the reference's top 10 kept: %s", shares);
        }
        return out;
    }

    private JsonNode retrievalStats() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/v1/stats/retrieval"))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30)).GET().build());
        JsonNode stats = JSON.readTree(r.body());
        JsonNode cache = stats.path("queryEmbeddingCache");
        ObjectNode out = JSON.createObjectNode();
        out.put("cacheHits", cache.path("hits").asDouble(stats.path("cacheHits").asDouble()));
        out.put("cacheMisses", cache.path("misses").asDouble(stats.path("cacheMisses").asDouble()));
        return out;
    }

    // --- HNSW recall ----------------------------------------------------------------------------------------------

    ObjectNode recall(Connection db, EmbeddingModel model, String queryPrefix, int n) throws Exception {
        List<String> vectors = new ArrayList<>();
        Random rng = new Random(99);
        for (int i = 0; i < n; i++) {
            String q = String.format(pick(rng, QUESTIONS), pick(rng, SUBJECTS), pick(rng, VERBS), pick(rng, OBJECTS),
                    pick(rng, PLACES));
            vectors.add(Arrays.toString(model.embed(queryPrefix + q).content().vector()).replace(" ", ""));
        }
        String where = "tenant_id = ? and superseded_by is null and (expires_at is null or expires_at > now())"
                + " and embedding is not null";
        List<Set<String>> exact = new ArrayList<>();
        // ann-benchmarks' tie-aware recall: a returned neighbour also counts when it is as close as the 10th exact one
        // (its distance <= the 10th exact distance + 1e-3). The synthetic sentences are built from few parts, so many
        // memories sit at nearly the same distance from a query and the exact top 10 is one arbitrary cut of a tie.
        List<Double> tenthDistance = new ArrayList<>();
        long exactNanos = 0;
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("set local enable_indexscan = off");
            s.execute("set local enable_bitmapscan = off");
            try (PreparedStatement ps = db.prepareStatement("select id::text, embedding <=> cast(? as halfvec) from"
                    + " memory where " + where + " order by embedding <=> cast(? as halfvec) limit 10")) {
                for (String v : vectors) {
                    ps.setString(1, v);
                    ps.setString(2, tenant);
                    ps.setString(3, v);
                    long t = System.nanoTime();
                    Map<String, Double> found = neighbours(ps);
                    exactNanos += System.nanoTime() - t;
                    exact.add(found.keySet());
                    tenthDistance.add(found.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
                }
            }
        }
        db.rollback();
        ObjectNode r = JSON.createObjectNode();
        r.put("queries", n);
        String indexDefinition = hnswIndexDefinition(db);  // the index as measured, not as assumed
        r.put("hnsw", indexDefinition == null ? "no HNSW index" : indexDefinition);
        r.put("exactMeanMillis", round(exactNanos / 1e6 / n, 2));
        ArrayNode rows = r.putArray("efSearch");
        for (int ef : EF_SEARCH) {
            ObjectNode row = rows.addObject();
            row.put("efSearch", ef);
            for (int candidates : new int[]{10, 50}) {
                double found = 0;
                double withinTies = 0;
                long nanos = 0;
                try (Statement s = db.createStatement()) {
                    s.execute("set local hnsw.ef_search = " + Math.max(ef, candidates));
                    s.execute("set local hnsw.iterative_scan = 'relaxed_order'");
                    try (PreparedStatement ps = db.prepareStatement("select id::text, d from (select id, embedding <=>"
                            + " cast(? as halfvec) as d from memory where " + where + " order by embedding <=> cast(? as"
                            + " halfvec) limit " + candidates + ") c order by d limit 10")) {
                        for (int i = 0; i < n; i++) {
                            ps.setString(1, vectors.get(i));
                            ps.setString(2, tenant);
                            ps.setString(3, vectors.get(i));
                            long t = System.nanoTime();
                            Map<String, Double> got = neighbours(ps);
                            nanos += System.nanoTime() - t;
                            double limit = tenthDistance.get(i) + 1e-3;
                            withinTies += got.values().stream().filter(d -> d <= limit).count()
                                    / (double) exact.get(i).size();
                            Set<String> ids = new HashSet<>(got.keySet());
                            ids.retainAll(exact.get(i));
                            found += ids.size() / (double) exact.get(i).size();
                        }
                    }
                }
                db.rollback();
                String name = candidates == 10 ? "top10" : "candidates50";
                row.put(name + "Recall", round(found / n, 4));
                row.put(name + "TieAwareRecall", round(withinTies / n, 4));
                row.put(name + "MeanMillis", round(nanos / 1e6 / n, 2));
            }
            log("ef_search %d: recall@10 %.4f (top-10 query), %.4f (50 candidates); tie-aware %.4f / %.4f", ef,
                    row.get("top10Recall").asDouble(), row.get("candidates50Recall").asDouble(),
                    row.get("top10TieAwareRecall").asDouble(), row.get("candidates50TieAwareRecall").asDouble());
        }
        db.setAutoCommit(true);
        return r;
    }

    // --- HNSW build parameters -------------------------------------------------------------------------------------

    /**
     * For each {@code m:ef_construction} pair: copies the tenant's stored embeddings into a scratch table, builds the
     * HNSW index on all but 2000 of them (timed), inserts those 2000 in batches of 250 as the service would (timed:
     * the per-memory index cost an ingest pays), then measures recall@10 (strict and tie-aware) against exact search
     * and the query time per {@code ef_search}. The product's index and table are not touched.
     */
    ObjectNode hnswParams(Connection db, EmbeddingModel model, String queryPrefix, int n, String specs)
            throws Exception {
        List<String> vectors = new ArrayList<>();
        Random rng = new Random(99);
        for (int i = 0; i < n; i++) {
            String q = String.format(pick(rng, QUESTIONS), pick(rng, SUBJECTS), pick(rng, VERBS), pick(rng, OBJECTS),
                    pick(rng, PLACES));
            vectors.add(Arrays.toString(model.embed(queryPrefix + q).content().vector()).replace(" ", ""));
        }
        int heldOut = 2000;
        try (Statement s = db.createStatement()) {
            s.execute("drop table if exists hnsw_trial_source, hnsw_trial");
            s.execute("create unlogged table hnsw_trial_source as select row_number() over (order by id) as n,"
                    + " embedding from memory where tenant_id = " + quote(tenant) + " and superseded_by is null"
                    + " and embedding is not null");
        }
        int total = countRows(db, "hnsw_trial_source");
        log("hnsw params: %d vectors, %d held out for timed inserts, %d queries", total, heldOut, n);
        // exact neighbours once: every trial ends with the same rows
        List<Map<String, Double>> exact = new ArrayList<>();
        long exactNanos = 0;
        try (PreparedStatement ps = db.prepareStatement("select n::text, embedding <=> cast(? as halfvec) from"
                + " hnsw_trial_source order by embedding <=> cast(? as halfvec) limit 10")) {
            for (String v : vectors) {
                ps.setString(1, v);
                ps.setString(2, v);
                long t = System.nanoTime();
                exact.add(neighbours(ps));
                exactNanos += System.nanoTime() - t;
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("vectors", total);
        out.put("heldOutForInserts", heldOut);
        out.put("queries", n);
        out.put("exactMeanMillis", round(exactNanos / 1e6 / n, 2));
        out.put("maintenanceWorkMem", setting(db, "maintenance_work_mem"));
        out.put("maxParallelMaintenanceWorkers", setting(db, "max_parallel_maintenance_workers"));
        ArrayNode trials = out.putArray("trials");
        for (String spec : specs.split(",")) {
            String[] parts = spec.strip().split(":");
            int m = Integer.parseInt(parts[0]);
            int efConstruction = Integer.parseInt(parts[1]);
            ObjectNode trial = trials.addObject();
            trial.put("m", m);
            trial.put("efConstruction", efConstruction);
            try (Statement s = db.createStatement()) {
                s.execute("drop table if exists hnsw_trial");
                s.execute("create table hnsw_trial (n bigint primary key, embedding halfvec(384) not null)");
                s.execute("insert into hnsw_trial select n, embedding from hnsw_trial_source where n <= "
                        + (total - heldOut));
                s.execute("vacuum analyze hnsw_trial");
                long t = System.nanoTime();
                s.execute("create index hnsw_trial_idx on hnsw_trial using hnsw (embedding halfvec_cosine_ops)"
                        + " with (m = " + m + ", ef_construction = " + efConstruction + ")");
                trial.put("buildSeconds", round((System.nanoTime() - t) / 1e9, 1));
                t = System.nanoTime();
                for (int from = total - heldOut + 1; from <= total; from += 250) {
                    s.execute("insert into hnsw_trial select n, embedding from hnsw_trial_source where n between "
                            + from + " and " + Math.min(total, from + 249));
                }
                trial.put("insertMillisPerVector", round((System.nanoTime() - t) / 1e6 / heldOut, 3));
                s.execute("vacuum analyze hnsw_trial");
            }
            try (PreparedStatement ps = db.prepareStatement("select pg_relation_size('hnsw_trial_idx')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                trial.put("indexMiB", round(rs.getLong(1) / 1048576.0, 1));
            }
            ArrayNode rows = trial.putArray("efSearch");
            db.setAutoCommit(false);
            for (int ef : EF_SEARCH) {
                double strict = 0;
                double tieAware = 0;
                long nanos = 0;
                try (Statement s = db.createStatement()) {
                    s.execute("set local hnsw.ef_search = " + ef);
                }
                try (PreparedStatement ps = db.prepareStatement("select n::text, embedding <=> cast(? as halfvec)"
                        + " from hnsw_trial order by embedding <=> cast(? as halfvec) limit 10")) {
                    for (int i = 0; i < n; i++) {
                        ps.setString(1, vectors.get(i));
                        ps.setString(2, vectors.get(i));
                        long t = System.nanoTime();
                        Map<String, Double> got = neighbours(ps);
                        nanos += System.nanoTime() - t;
                        Map<String, Double> truth = exact.get(i);
                        double limit = truth.values().stream().mapToDouble(Double::doubleValue).max().orElse(0) + 1e-3;
                        tieAware += got.values().stream().filter(d -> d <= limit).count() / (double) truth.size();
                        Set<String> ids = new HashSet<>(got.keySet());
                        ids.retainAll(truth.keySet());
                        strict += ids.size() / (double) truth.size();
                    }
                }
                db.rollback();
                ObjectNode row = rows.addObject();
                row.put("efSearch", ef);
                row.put("recall", round(strict / n, 4));
                row.put("tieAwareRecall", round(tieAware / n, 4));
                row.put("meanMillis", round(nanos / 1e6 / n, 2));
            }
            db.setAutoCommit(true);
            log("m=%d ef_construction=%d: build %.1f s, insert %.2f ms/vector, %s MiB; recall@10 (tie-aware) %s", m,
                    efConstruction, trial.get("buildSeconds").asDouble(),
                    trial.get("insertMillisPerVector").asDouble(), trial.get("indexMiB").asText(),
                    rows.toString());
        }
        try (Statement s = db.createStatement()) {
            s.execute("drop table if exists hnsw_trial_source, hnsw_trial");
        }
        return out;
    }

    private static int countRows(Connection db, String table) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String setting(Connection db, String name) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("select current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
    }

    /** id -> cosine distance of each row (columns: id, distance). */
    private static Map<String, Double> neighbours(PreparedStatement ps) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getDouble(2));
            }
        }
        return out;
    }

    // --- service, storage, machine --------------------------------------------------------------------------------

    private String model() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("query", "model probe").put("limit", 1)
                .put("userId", "__bench_probe__");
        HttpResponse<String> r = send(post("/v1/memories/search", body.toString(), 60));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("search probe: HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("model").asText();
    }

    private int count(Connection db) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("select count(*) from memory where tenant_id = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Waits until the tenant's BM25 statistics cover the corpus (the background worker refreshes them). */
    private void awaitKeywordStatistics(Connection db, int size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            search(nextQuery());  // a search notes the tenant for the statistics worker
            try (PreparedStatement ps = db.prepareStatement("select coalesce((select documents from keyword_corpus"
                    + " where tenant_id = ?), 0)")) {
                ps.setString(1, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= size * 0.9) {
                        return;
                    }
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("keyword statistics did not cover the corpus within 10 minutes");
    }

    /**
     * Waits until the service has linked every new memory (its auto-linker works after the write has been answered,
     * and would compete with the searches measured next for the same two cores).
     */
    private double awaitAutoLinking() throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofMinutes(30).toNanos()) {
            String metrics = send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).GET().build()).body();
            Matcher m = Pattern.compile("(?m)^engram_graph_auto_link_pending(?:\\{[^}]*\\})? (\\S+)").matcher(metrics);
            if (!m.find()) {
                log("no auto-link gauge in /q/metrics; not waiting");
                return 0;
            }
            if (Double.parseDouble(m.group(1)) == 0) {
                double seconds = (System.nanoTime() - start) / 1e9;
                log("auto-linking done %.0f s after the last batch was answered", seconds);
                return seconds;
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("auto-linking did not finish within 30 minutes");
    }

    /** Resident memory of the service (from .engram/engram.pid) and its start-up time (from .engram/engram.log). */
    private ObjectNode service() {
        ObjectNode s = JSON.createObjectNode();
        try {
            String pid = Files.readString(Path.of(".engram/engram.pid")).strip();
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
                    String[] parts = line.split("\\s+");
                    s.put(line.startsWith("VmRSS") ? "rssMiB" : "peakRssMiB", Long.parseLong(parts[1]) / 1024);
                }
            }
            Matcher m = Pattern.compile("started in (\\d+\\.\\d+)s").matcher(Files.readString(Path.of(".engram/engram.log")));
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            if (last != null) {
                s.put("startupSeconds", Double.parseDouble(last));
            }
        } catch (Exception e) {
            s.put("unavailable", e.toString());
        }
        return s;
    }

    private static ObjectNode storage(Connection db) throws Exception {
        ObjectNode s = JSON.createObjectNode();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("select"
                + " pg_total_relation_size('memory'), pg_relation_size('memory_embedding_hnsw_idx'),"
                + " pg_database_size(current_database())")) {
            rs.next();
            s.put("memoryTableMiB", rs.getLong(1) / 1048576);
            s.put("hnswIndexMiB", rs.getLong(2) / 1048576);
            s.put("databaseMiB", rs.getLong(3) / 1048576);
        }
        return s;
    }

    private static ObjectNode machine(Connection db) throws Exception {
        ObjectNode m = JSON.createObjectNode();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                m.put("cpu", line.split(":", 2)[1].strip());
                break;
            }
        }
        m.put("benchJava", System.getProperty("java.version"));
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select version(),"
                + " (select extversion from pg_extension where extname = 'vector')")) {
            rs.next();
            m.put("postgresql", rs.getString(1));
            m.put("pgvector", rs.getString(2));
        }
        return m;
    }

    /** The model as the service runs it (its ONNX Runtime session options). */
    private static EmbeddingModel inProcess(String model) {
        return InProcessModels.load(model);
    }

    /** The model with LangChain4j's stock classes (ONNX Runtime's default threading), for comparison. */
    private static EmbeddingModel stock(String model) {
        return switch (model) {
            case "all-minilm-l6-v2-q" -> new AllMiniLmL6V2QuantizedEmbeddingModel();
            case "bge-small-en-v15-q" -> new BgeSmallEnV15QuantizedEmbeddingModel();
            case "e5-small-v2-q" -> new E5SmallV2QuantizedEmbeddingModel();
            default -> throw new IllegalStateException("not an in-process model: " + model);
        };
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private HttpRequest post(String path, String body, int timeoutSeconds) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(timeoutSeconds))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** p50/p95/p99/mean/max in milliseconds (nearest rank on the sorted sample). */
    static ObjectNode percentiles(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        ObjectNode p = JSON.createObjectNode();
        p.put("n", sorted.length);
        if (sorted.length == 0) {
            return p;
        }
        for (double q : new double[]{50, 95, 99}) {
            int rank = (int) Math.ceil(q / 100 * sorted.length) - 1;
            p.put("p" + (int) q, round(sorted[Math.max(0, rank)] / 1e6, 2));
        }
        p.put("mean", round(Arrays.stream(sorted).average().orElse(0) / 1e6, 2));
        p.put("max", round(sorted[sorted.length - 1] / 1e6, 2));
        return p;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String apiKey() throws Exception {
        String env = System.getenv("ENGRAM_KEY");
        return env != null && !env.isBlank() ? env.strip() : Files.readString(Path.of(".engram/api-key")).strip();
    }

    private static String resultsDir() {
        String dir = System.getenv("ENGRAM_BENCH_RESULTS");
        return dir != null && !dir.isBlank() ? dir : "bench/results";
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            opt.put(name, flag ? "true" : args[++i]);
        }
        return opt;
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[scale] " + format + "%n", args);
    }
}
