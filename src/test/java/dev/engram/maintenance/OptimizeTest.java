package dev.engram.maintenance;

import dev.engram.maintenance.api.OptimizeResponse;
import dev.engram.platform.ClusterLock;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** POST /v1/maintenance/optimize: consolidation, cleanup and VACUUM in one call, each step reported and recorded. */
@QuarkusTest
class OptimizeTest {

    @Inject
    OptimizeService optimize;
    @Inject
    ConsolidationService consolidation;
    @Inject
    CleanupService cleanup;
    @Inject
    ClusterLock lock;
    @Inject
    AgroalDataSource db;

    private final String tenant = "optimize-" + UUID.randomUUID().toString().substring(0, 8);

    private RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    private String store(String key, String content) {
        return as(key).body(Map.of("content", content, "type", "semantic", "userId", "ana")).post("/v1/memories")
                .then().statusCode(201).extract().path("id");
    }

    /** The tables of Engram's schema in the catalogue, without Flyway's history (the one deliberate exclusion). */
    private List<String> schemaTables() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select tablename from pg_tables where schemaname = current_schema()"
                        + " and tablename <> 'flyway_schema_history'")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldConsolidateCleanUpVacuumAndRecordTheRun() {
        String admin = TestAuth.newKey(tenant, Scope.READ, Scope.WRITE, Scope.ADMIN);
        String first = store(admin, "The team meeting is moved to Thursday at 10am");
        String second = store(admin, "The team meeting has been moved to Thursday at 10 am");
        String expired = store(admin, "Temporary door code 4711");
        String kept = store(admin, "Bananas are rich in potassium");
        new LifecycleFixture(null, db, tenant).update(
                "update memory set expires_at = now() - interval '1 minute' where id = ?::uuid", expired);

        var response = as(admin).body(Map.of("consolidate", Map.of("timeWindowHours", 1, "similarityThreshold", 0.85)))
                .post("/v1/maintenance/optimize").then().statusCode(201).extract();
        JsonPath body = response.jsonPath();

        String runId = body.getString("run.id");
        assertThat(response.header("Location")).endsWith("/v1/maintenance/runs/" + runId);
        assertThat(body.getString("run.type")).isEqualTo("optimize");
        assertThat(body.getBoolean("run.success")).as(body.prettify()).isTrue();
        assertThat(body.getLong("consolidation.details.merged")).isEqualTo(1);
        assertThat(body.getLong("cleanup.details.expired")).isEqualTo(1);
        assertThat(body.getLong("run.processed")).isEqualTo(2);
        assertThat(body.getBoolean("vacuum.skipped")).isFalse();
        assertThat(body.getList("vacuum.tables.table", String.class)).as("every table but Flyway's history")
                .containsExactlyInAnyOrderElementsOf(schemaTables());
        assertThat(body.getList("vacuum.tables.bytesBefore", Long.class)).allSatisfy(b -> assertThat(b).isPositive());
        List<Map<String, Number>> tables = body.getList("vacuum.tables");
        assertThat(tables).allSatisfy(t -> assertThat(t.get("bytesFreed").longValue()).as("%s", t)
                .isEqualTo(Math.max(0, t.get("bytesBefore").longValue() - t.get("bytesAfter").longValue())));
        assertThat(body.getLong("vacuum.bytesFreed"))
                .isEqualTo(tables.stream().mapToLong(t -> t.get("bytesFreed").longValue()).sum());
        assertThat(body.getLong("run.spaceFreedBytes")).isEqualTo(body.getLong("vacuum.bytesFreed"));

        // the effects: one paraphrase superseded by the other, the expired memory gone, the rest untouched
        String survivor = body.getString("consolidation.groups[0].survivorId");
        assertThat(List.of(first, second)).contains(survivor);
        String merged = survivor.equals(first) ? second : first;
        as(admin).get("/v1/memories/" + merged).then().statusCode(200).body("supersededBy", equalTo(survivor));
        as(admin).get("/v1/memories/" + expired).then().statusCode(404);
        as(admin).get("/v1/memories/" + kept).then().statusCode(200).body("supersededBy", equalTo(null));

        // recorded: the optimize run, and the consolidation and cleanup runs it started
        as(admin).get("/v1/maintenance/runs/" + runId).then().statusCode(200).body("type", equalTo("optimize"))
                .body("parameters.consolidationRunId", equalTo(body.getString("consolidation.id")))
                .body("parameters.cleanupRunId", equalTo(body.getString("cleanup.id")));
        assertThat(as(admin).queryParam("type", "optimize").get("/v1/maintenance/runs").then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class)).containsExactly(runId);
        as(admin).get("/v1/maintenance/runs/" + body.getString("consolidation.id")).then().statusCode(200)
                .body("type", equalTo("consolidation"));
        as(admin).get("/v1/maintenance/runs/" + body.getString("cleanup.id")).then().statusCode(200)
                .body("type", equalTo("cleanup"));
    }

    @Test
    void shouldNeedTheAdminScope() {
        String writer = TestAuth.newKey(tenant + "-w", Scope.READ, Scope.WRITE);
        as(writer).post("/v1/maintenance/optimize").then().statusCode(403)
                .body("type", equalTo("https://engram.dev/problems/forbidden"));
    }

    @Test
    void shouldRefuseADryRunAndBadParameters() {
        given().contentType(ContentType.JSON).body(Map.of("consolidate", Map.of("dryRun", true)))
                .post("/v1/maintenance/optimize").then().statusCode(400)
                .body("type", equalTo("https://engram.dev/problems/validation-failed"))
                .body("violations[0].field", equalTo("consolidate.dryRun"));
        given().contentType(ContentType.JSON).body(Map.of("cleanup", Map.of("maxAgeDays", 0)))
                .post("/v1/maintenance/optimize").then().statusCode(400)
                .body("violations[0].field", equalTo("cleanup.maxAgeDays"));
    }

    @Test
    void shouldSkipTheVacuumWhileAnotherInstanceHoldsItsLock() {
        OptimizeResponse result = lock.runExclusively(OptimizeService.LOCK, () -> optimize.optimize(tenant,
                new ConsolidationService.Params(Duration.ofHours(1), 0.85, false), cleanup.scheduledParams(), "test"))
                .orElseThrow();
        assertThat(result.vacuum().skipped()).isTrue();
        assertThat(result.vacuum().reason()).isEqualTo("another instance is vacuuming");
        assertThat(result.vacuum().tables()).isEmpty();
        assertThat(result.run().success()).isTrue();
        assertThat(result.run().details()).containsEntry("vacuumSkipped", 1L);
    }
}
