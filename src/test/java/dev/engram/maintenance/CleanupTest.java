package dev.engram.maintenance;

import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memorytype.MemoryTypeService;
import dev.engram.memorytype.api.CreateMemoryTypeRequest;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** Retention cleanup on a fixed clock: each rule removes what it should, permanent memories stay, runs are recorded. */
@QuarkusTest
class CleanupTest {

    @Inject
    MemoryWriteService writes;
    @Inject
    AgroalDataSource db;
    @Inject
    CleanupService cleanup;
    @Inject
    MaintenanceRepository repository;
    @Inject
    MaintenanceRunService runs;
    @Inject
    MemoryTypeService types;

    private LifecycleFixture fixture;
    private final CleanupParams noAgeRule = new CleanupParams(null, 0.3, 5);

    @BeforeEach
    void setUp() {
        fixture = new LifecycleFixture(writes, db, "cleanup-" + UUID.randomUUID());
    }

    @Test
    void shouldRemoveExpiredAndOverdueMemoriesButKeepPermanentOnesAndRecordTheRun() {
        Instant soon = Instant.now().plus(Duration.ofHours(1));
        UUID expired = fixture.store("semantic", "Temporary door code 4711", 0.5, false, soon);
        UUID expiredPermanent = fixture.store("semantic", "Door code history", 0.5, true, soon);
        UUID episodic = fixture.store("episodic", "Had coffee with Ana on Monday", 0.9);
        UUID episodicPermanent = fixture.store("episodic", "Wedding day", 0.9, true, null);
        UUID semantic = fixture.store("semantic", "Ana's birthday is in May", 0.2);
        Instant now = Instant.now().plus(Duration.ofDays(91)).truncatedTo(ChronoUnit.MICROS); // episodic keeps 90 days

        MaintenanceRunResponse run = cleanup.cleanupAt(fixture.tenant(), noAgeRule, "test", now);

        assertThat(fixture.exists(expired)).isFalse();
        assertThat(fixture.exists(episodic)).isFalse();
        assertThat(fixture.exists(expiredPermanent)).isTrue();
        assertThat(fixture.exists(episodicPermanent)).isTrue();
        assertThat(fixture.exists(semantic)).as("semantic memories have no retention period").isTrue();
        assertThat(run.type()).isEqualTo("cleanup");
        assertThat(run.success()).isTrue();
        assertThat(run.details()).containsEntry("expired", 1L).containsEntry("retention", 1L)
                .containsEntry("capacity", 0L).doesNotContainKey("age");
        assertThat(run.processed()).isEqualTo(2);
        assertThat(run.deleted()).isEqualTo(2);
        assertThat(run.archived()).isZero();
        assertThat(run.spaceFreedBytes()).isGreaterThan(1000); // two rows with 384-d vectors
        assertThat(run.executedBy()).isEqualTo("test");
        assertThat(run.completedAt()).isAfterOrEqualTo(run.startedAt());
        assertThat(run.parameters()).containsEntry("mode", "delete");
        assertThat(runs.get(fixture.tenant(), run.id())).isEqualTo(run);
        assertThat(cleanup.cleanupAt(fixture.tenant(), noAgeRule, "test", now).processed()).as("nothing left").isZero();
    }

    @Test
    void shouldCountWhatADryRunWouldRemoveAndChangeNothing() {
        Instant soon = Instant.now().plus(Duration.ofHours(1));
        UUID expired = fixture.store("semantic", "Visitor badge 0815 valid today", 0.5, false, soon);
        UUID episodic = fixture.store("episodic", "Lunch with Ben on Tuesday", 0.9);
        UUID old = fixture.store("semantic", "The printer on floor 2 jams", 0.1);
        UUID permanent = fixture.store("episodic", "First day at work", 0.9, true, null);
        Instant now = Instant.now().plus(Duration.ofDays(91)).truncatedTo(ChronoUnit.MICROS);
        CleanupParams withAgeRule = new CleanupParams(30, 0.3, 0);

        MaintenanceRunResponse preview = cleanup.previewAt(fixture.tenant(), withAgeRule, "test", now);

        assertThat(preview.success()).isTrue();
        assertThat(preview.details()).containsEntry("expired", 1L).containsEntry("retention", 1L)
                .containsEntry("capacity", 0L).as("the expired memory is counted once, by its first rule")
                .containsEntry("age", 1L);
        assertThat(preview.processed()).isZero();
        assertThat(preview.deleted()).isZero();
        assertThat(preview.description()).isEqualTo("Dry run: would delete 1 expired, 1 retention, 0 capacity, 1 age");
        assertThat(preview.parameters()).containsEntry("dryRun", true);
        assertThat(List.of(expired, episodic, old, permanent)).allMatch(fixture::exists);
        assertThat(runs.get(fixture.tenant(), preview.id())).isEqualTo(preview);

        MaintenanceRunResponse real = cleanup.cleanupAt(fixture.tenant(), withAgeRule, "test", now);
        assertThat(real.details()).as("the dry run predicted the real run").isEqualTo(preview.details());
        assertThat(List.of(expired, episodic, old)).noneMatch(fixture::exists);
    }

    @Test
    void shouldDryRunThroughTheApi() {
        UUID expired = fixture.store("semantic", "Parking slot 12 is free until noon", 0.5, false,
                Instant.now().plus(Duration.ofMillis(200)));
        fixture.update("update memory set expires_at = now() - interval '1 minute' where id = ?", expired);
        String admin = "Bearer " + TestAuth.newKey(fixture.tenant(), Scope.ADMIN);
        given().header("Authorization", admin).queryParam("dryRun", true).post("/v1/maintenance/cleanup").then()
                .statusCode(201).body("parameters.dryRun", equalTo(true)).body("processed", equalTo(0))
                .body("details.expired", equalTo(1)).body("description", startsWith("Dry run: would delete 1 expired"));
        assertThat(fixture.exists(expired)).isTrue();
        given().queryParam("dryRun", "perhaps").post("/v1/maintenance/cleanup").then().statusCode(400)
                .body("violations[0].field", equalTo("dryRun"));
    }

    @Test
    void shouldKeepOnlyTheMostValuableMemoriesOfATypeBeyondItsCapacity() {
        types.create(fixture.tenant(), new CreateMemoryTypeRequest("note", "Note", null, null, 2, null, null));
        UUID best = fixture.store("note", "note importance 0.9", 0.9);
        UUID middle = fixture.store("note", "note importance 0.5", 0.5);
        UUID low = fixture.store("note", "note importance 0.2", 0.2);
        UUID lowest = fixture.store("note", "note importance 0.1", 0.1);
        UUID permanent = fixture.store("note", "note permanent 0.05", 0.05, true, null);
        UUID other = fixture.store("semantic", "not a note", 0.01);

        MaintenanceRunResponse run = cleanup.cleanupAt(fixture.tenant(), noAgeRule, "test", Instant.now());

        assertThat(run.details()).containsEntry("capacity", 3L);
        assertThat(fixture.exists(permanent)).as("permanent memories count but stay").isTrue();
        assertThat(fixture.exists(best)).isTrue();
        assertThat(fixture.exists(middle)).isFalse();
        assertThat(fixture.exists(low)).isFalse();
        assertThat(fixture.exists(lowest)).isFalse();
        assertThat(fixture.exists(other)).isTrue();
    }

    @Test
    void shouldApplyTheAgeRuleOnlyToOldUnimportantRarelyUsedMemories() {
        UUID unimportant = fixture.store("semantic", "The cafeteria served soup", 0.2);
        UUID important = fixture.store("semantic", "The CEO is called Dana", 0.8);
        UUID used = fixture.store("semantic", "The lift is out of order", 0.2);
        UUID permanent = fixture.store("semantic", "Fire exits are on both ends", 0.1, true, null);
        fixture.update("insert into memory_access (memory_id, access_count) values (?, 3)", used);
        Instant now = Instant.now().plus(Duration.ofDays(31));

        MaintenanceRunResponse run = cleanup.cleanupAt(fixture.tenant(), new CleanupParams(30, 0.3, 2), "test", now);

        assertThat(run.details()).containsEntry("age", 1L);
        assertThat(run.parameters()).containsEntry("maxAgeDays", 30).containsEntry("maxAccessCount", 2);
        assertThat(fixture.exists(unimportant)).isFalse();
        assertThat(fixture.exists(important)).isTrue();
        assertThat(fixture.exists(used)).isTrue();
        assertThat(fixture.exists(permanent)).isTrue();
        assertThat(cleanup.cleanupAt(fixture.tenant(), new CleanupParams(30, 0.3, 3), "test", now).details())
                .as("accessed at most maxAccessCount times").containsEntry("age", 1L);
    }

    @Test
    void shouldArchiveInsteadOfDeletingInArchiveMode() {
        UUID expired = fixture.store("semantic", "Parking permit valid this week", 0.5, false,
                Instant.now().plus(Duration.ofMinutes(5)));
        UUID runId = UUID.randomUUID();
        Instant now = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);

        MaintenanceRepository.Removal removed = repository.removeBatch(fixture.tenant(), CleanupRule.EXPIRED, noAgeRule,
                now, true, runId, 100);

        assertThat(removed.rows()).isEqualTo(1);
        assertThat(fixture.exists(expired)).isFalse();
        assertThat(fixture.query("select count(*) from memory_archive where id = ? and tenant_id = ? and run_id = ? "
                + "and reason = 'expired' and embedding is not null and memory->>'content' = ? "
                + "and memory -> 'search_vector' is null and memory -> 'embedding' is null "
                + "and memory ->> 'embedding_model' is not null",
                expired, fixture.tenant(), runId, "Parking permit valid this week")).isEqualTo(1);
    }

    @Test
    void shouldCleanUpThroughTheApiAndListTheRun() {
        String id = given().queryParam("maxAgeDays", 3650).queryParam("minImportance", 0.01)
                .queryParam("maxAccessCount", 0).post("/v1/maintenance/cleanup").then().statusCode(201)
                .body("type", equalTo("cleanup")).body("executedBy", equalTo("api"))
                .body("parameters.maxAgeDays", equalTo(3650)).body("success", equalTo(true))
                .extract().path("id");
        given().queryParam("type", "cleanup").get("/v1/maintenance/runs").then().statusCode(200)
                .body("items.id", hasItem(id));
        given().get("/v1/maintenance/runs/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void shouldAnswerProblemsForBadParametersAndOtherTenantsRuns() {
        given().queryParam("maxAgeDays", 0).post("/v1/maintenance/cleanup").then().statusCode(400)
                .body("type", equalTo("https://engram.dev/problems/invalid-parameter"))
                .body("violations[0].field", equalTo("maxAgeDays"));
        given().queryParam("minImportance", 2).post("/v1/maintenance/cleanup").then().statusCode(400);
        given().queryParam("type", "vacuum").get("/v1/maintenance/runs").then().statusCode(400);
        given().get("/v1/maintenance/runs/not-a-uuid").then().statusCode(400);
        MaintenanceRunResponse foreign = cleanup.cleanupAt(fixture.tenant(), noAgeRule, "test", Instant.now());
        given().get("/v1/maintenance/runs/" + foreign.id()).then().statusCode(404)
                .body("type", equalTo("https://engram.dev/problems/not-found"));
    }
}
