package dev.engram.transfer;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.engram.transfer.ImportLines.association;
import static dev.engram.transfer.ImportLines.body;
import static dev.engram.transfer.ImportLines.memory;
import static dev.engram.transfer.TransferFixture.as;
import static dev.engram.transfer.TransferFixture.importBody;
import static dev.engram.transfer.TransferFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imports racing other imports and normal writes on the same rows. Each interleaving is forced: a separate JDBC
 * transaction (the "blocker") holds a row lock that the import must wait for at a known statement; the test waits
 * until PostgreSQL shows the import waiting there, then lets the blocker commit or roll back. Every outcome is a
 * report (never a 500); what changed under the import is {@code concurrent-change}; nothing acknowledged is lost; no
 * memory ever points at another tenant's memory.
 */
@QuarkusTest
class ImportConcurrencyTest {

    private static final String NDJSON = "application/x-ndjson";

    @Inject
    AgroalDataSource db;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<Connection> blockers = new ArrayList<>();

    @AfterEach
    void release() throws Exception {
        for (Connection c : blockers) {
            c.rollback();
            c.setAutoCommit(true);
            c.close();
        }
        pool.shutdownNow();
    }

    @Test
    void aTypeDeletedBetweenTheCheckAndTheInsertShouldRejectItsMemoriesAsConcurrentChange() throws Exception {
        String tenant = "xfer-cc-type-" + run;
        String key = key(tenant);
        as(key).body(Map.of("code", "note", "name", "Note")).post("/v1/memory-types").then().statusCode(201);
        String kept = UUID.randomUUID().toString();
        Connection blocker = blocker();
        sql(blocker, "delete from memory_type where tenant_id = ? and code = 'note'", tenant); // not committed yet
        CompletableFuture<JsonPath> running = importAsync(key, body(memory(UUID.randomUUID().toString(), "note", null),
                memory(UUID.randomUUID().toString(), "note", null), memory(kept, "semantic", null)));
        awaitBlockedBy(blocker, 1); // the import's check saw the type; its lock in the insert transaction waits
        blocker.commit();

        JsonPath report = running.get(60, TimeUnit.SECONDS);
        assertThat(report.getLong("created.memory")).as(report.prettify()).isEqualTo(1);
        assertThat(report.getList("rejected.reason", String.class)).hasSize(2)
                .allSatisfy(r -> assertThat(r).startsWith("concurrent-change"));
        assertThat(count("select count(*) from memory where tenant_id = ?", tenant)).isEqualTo(1);
        assertThat(orphans(tenant)).as("memories whose type does not exist").isZero();
    }

    @Test
    void aTypeDeleteShouldWaitForAnImportThatUsesItAndThenRefuse() throws Exception {
        String tenant = "xfer-cc-del-" + run;
        String key = key(tenant);
        as(key).body(Map.of("code", "note", "name", "Note")).post("/v1/memory-types").then().statusCode(201);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        Connection blocker = blocker();
        insertMemory(blocker, second, tenant); // the import's INSERT waits for this row, holding the type row
        CompletableFuture<JsonPath> running = importAsync(key, body(memory(first, "note", null),
                memory(second, "note", null)));
        awaitBlockedBy(blocker, 1);
        CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(
                () -> as(key).delete("/v1/memory-types/note").then().extract().statusCode(), pool);
        awaitWaiting("%memory_type%for update%", 1);
        blocker.rollback();

        JsonPath report = running.get(60, TimeUnit.SECONDS);
        assertThat(report.getLong("created.memory")).as(report.prettify()).isEqualTo(2);
        assertThat(delete.get(60, TimeUnit.SECONDS)).as("the type is in use by then").isEqualTo(409);
        as(key).get("/v1/memory-types/note").then().statusCode(200);
        assertThat(orphans(tenant)).isZero();
    }

    @Test
    void twoTenantsImportingTheSameIdsShouldNeverPointAcrossTenants() throws Exception {
        String survivor = UUID.randomUUID().toString();
        String merged = UUID.randomUUID().toString();
        String body = body(memory(survivor, "semantic", null), memory(merged, "semantic", survivor));
        String tenantA = "xfer-cc-a-" + run;
        String tenantB = "xfer-cc-b-" + run;
        Connection blocker = blocker();
        insertMemory(blocker, survivor, "xfer-cc-z-" + run); // both imports wait for it at their INSERT
        CompletableFuture<JsonPath> a = importAsync(key(tenantA), body);
        CompletableFuture<JsonPath> b = importAsync(key(tenantB), body);
        awaitBlockedBy(blocker, 2);
        blocker.rollback();

        List<JsonPath> reports = List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
        List<Long> created = reports.stream().map(r -> r.getLong("created.memory")).toList();
        assertThat(created).as("one tenant gets both, the other neither").containsExactlyInAnyOrder(2L, 0L);
        JsonPath loser = reports.get(created.indexOf(0L));
        assertThat(loser.getList("rejected.id", String.class)).containsExactlyInAnyOrder(survivor, merged);
        assertThat(loser.getList("rejected.reason", String.class))
                .allSatisfy(r -> assertThat(r).startsWith("concurrent-change"));
        assertThat(crossTenantPointers()).isZero();
        assertThat(count("select count(*) from memory where id in (?::uuid, ?::uuid) and tenant_id in (?, ?)",
                survivor, merged, tenantA, tenantB)).as("nothing acknowledged is lost").isEqualTo(2);
    }

    @Test
    void aSurvivorThatAnotherTenantWritesFirstShouldRejectTheMemoryMergedIntoIt() throws Exception {
        String survivor = UUID.randomUUID().toString();
        String merged = UUID.randomUUID().toString();
        String tenantA = "xfer-cc-first-" + run;
        String tenantB = "xfer-cc-other-" + run;
        Connection otherImport = blocker(); // tenant B's import transaction, writing the survivor's id first
        insertMemory(otherImport, survivor, tenantB);
        CompletableFuture<JsonPath> running = importAsync(key(tenantA), body(memory(survivor, "semantic", null),
                memory(merged, "semantic", survivor)));
        awaitBlockedBy(otherImport, 1);
        otherImport.commit();

        JsonPath report = running.get(60, TimeUnit.SECONDS);
        assertThat(report.getLong("created.memory")).as(report.prettify()).isZero();
        assertThat(report.getList("rejected.id", String.class)).containsExactlyInAnyOrder(survivor, merged);
        assertThat(report.getList("rejected.reason", String.class))
                .allSatisfy(r -> assertThat(r).startsWith("concurrent-change"));
        assertThat(crossTenantPointers()).isZero();
        assertThat(count("select count(*) from memory where id = ?::uuid and tenant_id = ?", survivor, tenantB))
                .as("the other tenant's row is untouched").isEqualTo(1);
    }

    @Test
    void twoImportsOfTheSameBodyIntoOneTenantShouldCreateEachRecordOnceAndSkipItOnce() throws Exception {
        String tenant = "xfer-cc-same-" + run;
        String key = key(tenant);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        String body = body(memory(ids.get(0), "semantic", null), memory(ids.get(1), "semantic", null),
                memory(ids.get(2), "semantic", ids.get(0)), association(ids.get(3), ids.get(0), ids.get(1)));
        String lowest = ids.subList(0, 2).stream().sorted().findFirst().orElseThrow(); // the first row both insert
        Connection blocker = blocker();
        insertMemory(blocker, lowest, "xfer-cc-y-" + run);
        CompletableFuture<JsonPath> first = importAsync(key, body);
        CompletableFuture<JsonPath> second = importAsync(key, body);
        awaitBlockedBy(blocker, 2);
        blocker.rollback();

        for (JsonPath report : List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS))) {
            assertThat(report.getList("rejected")).as(report.prettify()).isEmpty();
            assertThat(report.getLong("created.memory") + report.getLong("skipped.memory")).isEqualTo(3);
            assertThat(report.getLong("created.association") + report.getLong("skipped.association")).isEqualTo(1);
        }
        assertThat(first.get().getLong("created.memory") + second.get().getLong("created.memory")).isEqualTo(3);
        assertThat(count("select count(*) from memory where tenant_id = ?", tenant)).isEqualTo(3);
        assertThat(count("select count(*) from association where tenant_id = ?", tenant)).isEqualTo(1);
    }

    @Test
    void referencesDeletedDuringTheImportShouldRejectTheirRecordsAsConcurrentChange() throws Exception {
        String tenant = "xfer-cc-ref-" + run;
        String key = key(tenant);
        String source = UUID.randomUUID().toString();
        String target = UUID.randomUUID().toString();
        String survivor = UUID.randomUUID().toString();
        importBody(key, body(memory(source, "semantic", null), memory(target, "semantic", null),
                memory(survivor, "semantic", null)), NDJSON, false);
        Connection deletesSource = blocker();
        sql(deletesSource, "delete from memory where id = ?::uuid", source); // not committed yet
        Connection deletesSurvivor = blocker();
        sql(deletesSurvivor, "delete from memory where id = ?::uuid", survivor);
        String edge = UUID.randomUUID().toString();
        String merged = UUID.randomUUID().toString();
        CompletableFuture<JsonPath> running = importAsync(key, body(association(edge, source, target),
                memory(merged, "semantic", survivor)));
        awaitBlockedBy(deletesSource, 1); // the association batch was checked; its lock waits
        deletesSource.commit();
        awaitBlockedBy(deletesSurvivor, 1); // the memory batch likewise
        deletesSurvivor.commit();

        JsonPath report = running.get(60, TimeUnit.SECONDS);
        assertThat(report.getList("rejected.id", String.class)).as(report.prettify()).containsExactly(edge, merged);
        assertThat(report.getList("rejected.reason", String.class))
                .allSatisfy(r -> assertThat(r).startsWith("concurrent-change"));
        assertThat(count("select count(*) from memory where id = ?::uuid", merged)).isZero();
        assertThat(count("select count(*) from association where id = ?::uuid", edge)).isZero();
    }

    private CompletableFuture<JsonPath> importAsync(String key, String body) {
        return CompletableFuture.supplyAsync(() -> importBody(key, body, NDJSON, false).jsonPath(), pool);
    }

    private Connection blocker() throws Exception {
        Connection c = db.getConnection();
        c.setAutoCommit(false);
        blockers.add(c);
        return c;
    }

    private static void insertMemory(Connection c, String id, String tenant) throws Exception {
        sql(c, "insert into memory (id, tenant_id, type_code, content, occurred_at, created_at, updated_at,"
                + " content_hash) values (?::uuid, ?, 'semantic', 'held by the blocker', now(), now(), now(), 'h')",
                id, tenant);
    }

    /** Waits until {@code n} backends wait for a lock while running a statement like {@code pattern}. */
    private void awaitWaiting(String pattern, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query ilike ?",
                pattern) < n) {
            assertThat(System.nanoTime()).as("waiting for " + pattern).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Waits until {@code n} backends wait for a lock that the blocker's transaction holds. */
    private void awaitBlockedBy(Connection blocker, int n) throws Exception {
        long pid;
        try (PreparedStatement ps = blocker.prepareStatement("select pg_backend_pid()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            pid = rs.getLong(1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count("select count(*) from pg_stat_activity where ?::int = any(pg_blocking_pids(pid))", pid) < n) {
            assertThat(System.nanoTime()).as("waiting for the blocker").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Memories of the tenant whose type is neither the tenant's nor built in. */
    private long orphans(String tenant) throws Exception {
        return count("select count(*) from memory m where m.tenant_id = ? and not exists (select 1 from memory_type t"
                + " where t.tenant_id in (m.tenant_id, '_system') and t.code = m.type_code)", tenant);
    }

    private long crossTenantPointers() throws Exception {
        return count("select count(*) from memory m join memory s on s.id = m.superseded_by"
                + " where s.tenant_id <> m.tenant_id");
    }

    private long count(String sql, Object... binds) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void sql(Connection c, String sql, Object... binds) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            ps.executeUpdate();
        }
    }
}
