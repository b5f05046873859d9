package dev.engram;

import dev.engram.platform.ClusterLock;
import dev.engram.testing.TestServices;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar in command mode ({@code java -jar quarkus-run.jar job <name>}), as a Kubernetes CronJob runs it:
 * exit codes, the one-line summary on stdout, the effect in the database and the maintenance-run row.
 */
class JobCommandIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static String db;

    record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void createDatabase() {
        db = TestServices.newDatabase("engram_jobs");
        Flyway.configure().dataSource(db, TestServices.appUser(), TestServices.appPassword())
                .locations("classpath:db/migration").placeholders(Map.of("embedding_dimension", "384"))
                .load().migrate();
    }

    @Test
    void shouldRunCleanupOnceRecordItAndExitZero() throws Exception {
        String tenant = "job-" + UUID.randomUUID();
        UUID expired = UUID.randomUUID();
        UUID permanent = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        insertMemory(tenant, expired, "now() - interval '1 hour'", false);
        insertMemory(tenant, permanent, "now() - interval '1 hour'", true);
        insertMemory(tenant, fresh, "now() + interval '1 day'", false);

        Run run = run("job", "cleanup");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip().lines()).singleElement().asString()
                .startsWith("job=cleanup status=executed").contains("failedTenants=0").contains("deleted=1");
        assertThat(run.stderr()).as("no HTTP listener in job mode").contains("started in").doesNotContain("Listening on: http");
        assertThat(count("select count(*) from memory where tenant_id = ?", tenant)).isEqualTo(2);
        assertThat(count("select count(*) from memory where id = ?", expired)).isZero();
        assertThat(count("select count(*) from maintenance_run where tenant_id = ? and run_type = 'cleanup' "
                + "and deleted = 1 and success and executed_by like 'job@%'", tenant)).isEqualTo(1);
    }

    @Test
    void shouldRunDecayAndPromoteAndSkipWhenAnotherInstanceHoldsTheLock() throws Exception {
        String tenant = "job-decay-" + UUID.randomUUID();
        insertMemory(tenant, UUID.randomUUID(), null, false);
        Run decay = run("job", "decay");
        assertThat(decay.exitCode()).as(decay.stderr()).isZero();
        assertThat(decay.stdout()).startsWith("job=decay status=executed");
        assertThat(count("select count(*) from maintenance_run where tenant_id = ? and run_type = 'decay'", tenant))
                .isEqualTo(1);

        Run promote = run("job", "promote");
        assertThat(promote.exitCode()).as(promote.stderr()).isZero();
        assertThat(promote.stdout()).startsWith("job=promote status=executed");

        try (Connection otherPod = connect(); PreparedStatement ps = otherPod.prepareStatement("select pg_advisory_lock(?)")) {
            ps.setLong(1, ClusterLock.key("job:cleanup"));
            ps.execute();
            Run skipped = run("job", "cleanup");
            assertThat(skipped.exitCode()).as("a skipped run is not an error").isZero();
            assertThat(skipped.stdout()).startsWith("job=cleanup status=skipped");
        }
    }

    @Test
    void shouldConsolidateNearDuplicatesOfEveryTenantOnceAndExitZero() throws Exception {
        String tenant = "job-consolidate-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        insertMemory(tenant, first, null, false);
        insertMemory(tenant, second, null, false);
        insertMemory(tenant, other, null, false);
        embed(first, "0.1");
        embed(second, "0.1"); // the same direction: cosine similarity 1
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("update memory set embedding = "
                + "(select array_agg(case when i % 2 = 0 then 0.1 else -0.1 end)::halfvec from generate_series(1, 384) i) "
                + "where id = ?")) {
            ps.setObject(1, other);
            ps.executeUpdate();
        }

        Run run = run("job", "consolidate");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip().lines()).singleElement().asString()
                .startsWith("job=consolidate status=executed").contains("failedTenants=0");
        assertThat(count("select count(*) from memory where superseded_by is not null and tenant_id = ?", tenant))
                .isEqualTo(1);
        assertThat(count("select count(*) from memory where superseded_by is null and tenant_id = ?", tenant))
                .isEqualTo(2);
        assertThat(count("select count(*) from maintenance_run where tenant_id = ? and run_type = 'consolidation' "
                + "and processed = 1 and success and executed_by like 'job@%'", tenant)).isEqualTo(1);

        Run again = run("job", "consolidate");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(count("select count(*) from memory where superseded_by is not null and tenant_id = ?", tenant))
                .as("idempotent").isEqualTo(1);
    }

    @Test
    void shouldRejectUnknownJobs() throws Exception {
        Run unknown = run("job", "vacuum");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown job 'vacuum'").contains("usage:")
                .contains("cleanup, consolidate, decay, promote");
        assertThat(unknown.stdout()).isBlank();
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("run after `package`").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("engram-job", ".out");
        Path err = Files.createTempFile("engram-job", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.put("ENGRAM_DB_URL", db);
        env.put("ENGRAM_DB_USER", TestServices.appUser());
        env.put("ENGRAM_DB_PASSWORD", TestServices.appPassword());
        env.put("ENGRAM_REDIS_URL", TestServices.redisUrl());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the job exits by itself").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(db, TestServices.appUser(), TestServices.appPassword());
    }

    private static void insertMemory(String tenant, UUID id, String expiresAt, boolean permanent) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("insert into memory (id, tenant_id, "
                + "type_code, content, occurred_at, created_at, updated_at, content_hash, permanent, expires_at) values "
                + "(?, ?, 'semantic', ?, now(), now(), now(), ?, ?, " + (expiresAt == null ? "null" : expiresAt) + ")")) {
            ps.setObject(1, id);
            ps.setString(2, tenant);
            ps.setString(3, "memory " + id);
            ps.setString(4, id.toString());
            ps.setBoolean(5, permanent);
            ps.executeUpdate();
        }
    }

    private static void embed(UUID id, String value) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("update memory set embedding = "
                + "array_fill(cast(? as float4), array[384])::halfvec where id = ?")) {
            ps.setString(1, value);
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    private static long count(String sql, Object bind) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, bind);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
