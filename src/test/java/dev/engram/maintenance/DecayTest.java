package dev.engram.maintenance;

import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.memory.MemoryWriteService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Decay on a fixed clock: the SQL UPDATE gives exactly what DecayPolicy computes, and only where it should. */
@QuarkusTest
class DecayTest {

    @Inject
    MemoryWriteService writes;
    @Inject
    AgroalDataSource db;
    @Inject
    DecayService decay;
    @Inject
    MaintenanceRunService runs;

    private LifecycleFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LifecycleFixture(writes, db, "decay-" + UUID.randomUUID());
    }

    @Test
    void shouldDecayIdleMemoriesAsThePolicySaysAndRecordTheRun() {
        UUID idle = fixture.store("semantic", "The office moved to the third floor", 0.8);
        UUID permanent = fixture.store("semantic", "The company was founded in 1999", 0.8, true, null);
        UUID low = fixture.store("semantic", "Someone mentioned the weather once", 0.05);
        UUID accessed = fixture.store("semantic", "The wifi password is on the fridge", 0.8);
        Instant created = fixture.row(idle).createdAt();
        Instant first = created.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS);
        fixture.update("insert into memory_access (memory_id, last_accessed) values (?, ?)",
                accessed, Timestamp.from(created.plus(Duration.ofDays(25))));

        MaintenanceRunResponse run = decay.decayAt(fixture.tenant(), "test", first);

        DecayPolicy policy = decay.policy();
        LifecycleFixture.Row idleRow = fixture.row(idle);
        assertThat(idleRow.importance()).isCloseTo(policy.decayed(0.8f, false, created, null, null, first), within(1e-6))
                .isLessThan(0.8 * Math.pow(1 - policy.ratePerDay(), 22));
        assertThat(idleRow.decayedAt()).isEqualTo(first);
        assertThat(fixture.row(permanent).importance()).isCloseTo(0.8, within(1e-6));
        assertThat(fixture.row(low).importance()).isCloseTo(0.05, within(1e-6));
        assertThat(fixture.row(accessed).importance()).as("accessed 5 days before: still in its grace period")
                .isCloseTo(0.8, within(1e-6));
        assertThat(run.type()).isEqualTo("decay");
        assertThat(run.success()).isTrue();
        assertThat(run.updated()).isEqualTo(1);
        assertThat(run.processed()).isEqualTo(1);
        assertThat(run.details()).containsEntry("decayed", 1L);
        assertThat(runs.get(fixture.tenant(), run.id())).isEqualTo(run);
    }

    @Test
    void shouldComposeRunsAndNeverDecayTheSamePeriodTwice() {
        UUID idle = fixture.store("semantic", "The printer on floor two jams on A3 paper", 0.9);
        Instant created = fixture.row(idle).createdAt();
        Instant first = created.plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.MICROS);
        Instant second = created.plus(Duration.ofDays(60)).truncatedTo(ChronoUnit.MICROS);
        decay.decayAt(fixture.tenant(), "test", first);
        double afterFirst = fixture.row(idle).importance();
        assertThat(decay.decayAt(fixture.tenant(), "test", first).updated()).as("same instant again").isZero();
        assertThat(fixture.row(idle).importance()).isEqualTo(afterFirst);

        decay.decayAt(fixture.tenant(), "test", second);

        double once = decay.policy().decayed(0.9f, false, created, null, null, second);
        assertThat(fixture.row(idle).importance()).isCloseTo(once, within(1e-5));
    }

    @Test
    void shouldNotRewriteAMemoryForLessThanTheMinimumChangeAndDecayTheSkippedTimeLater() {
        UUID idle = fixture.store("semantic", "The parking garage closes at midnight", 0.7);
        Instant created = fixture.row(idle).createdAt();
        DecayPolicy policy = decay.policy();
        assertThat(policy.minChange()).as("the default").isEqualTo(0.05);
        Instant early = created.plus(policy.grace()).plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MICROS);
        Instant later = created.plus(policy.grace()).plus(Duration.ofDays(12)).truncatedTo(ChronoUnit.MICROS);

        MaintenanceRunResponse skipped = decay.decayAt(fixture.tenant(), "test", early);

        assertThat(skipped.updated()).as("2 idle days: 2 %% lost, the row is not rewritten").isZero();
        assertThat(fixture.row(idle).importance()).isCloseTo(0.7, within(1e-6));
        assertThat(fixture.row(idle).decayedAt()).isNull();

        assertThat(decay.decayAt(fixture.tenant(), "test", later).updated()).isEqualTo(1);
        assertThat(fixture.row(idle).importance()).as("all 12 idle days, as one run at the later time")
                .isCloseTo(policy.decayed(0.7f, false, created, null, null, later), within(1e-6))
                .isCloseTo(0.7 * Math.pow(1 - policy.ratePerDay(), 12), within(1e-5));
        assertThat(fixture.row(idle).decayedAt()).isEqualTo(later);
    }

    @Test
    void shouldDecayEveryIdleMemoryInBatchesAcrossRowsItLeavesAloneAndTiesInCreationTime() {
        DecayPolicy policy = decay.policy();
        List<UUID> idle = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            idle.add(fixture.store("semantic", "Idle fact number " + i + " about the old office", 0.8));
        }
        Instant created = fixture.row(idle.get(0)).createdAt();
        // three of them created in the same instant (as one batch write stores them): the scan's key must not skip ties
        fixture.update("update memory set created_at = ? where id in (?, ?, ?)", Timestamp.from(created),
                idle.get(1), idle.get(2), idle.get(3));
        // the newest rows, scanned first, are all left alone: a whole batch without an update must not end the run
        UUID permanent = fixture.store("semantic", "The company was founded in 1999", 0.8, true, null);
        UUID low = fixture.store("semantic", "Someone mentioned the weather once", 0.05);
        UUID recent = fixture.store("semantic", "The new badge readers arrive on Monday", 0.8);
        Instant now = created.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS);
        fixture.update("update memory set created_at = ? where id in (?, ?)", Timestamp.from(now.minusSeconds(60)),
                permanent, low);
        fixture.update("update memory set created_at = ? where id = ?", Timestamp.from(now.minusSeconds(30)), recent);

        MaintenanceRunResponse run = decay.decayAt(fixture.tenant(), "test", now, 2);

        assertThat(run.success()).isTrue();
        assertThat(run.updated()).isEqualTo(5);
        for (UUID id : idle) {
            LifecycleFixture.Row row = fixture.row(id);
            assertThat(row.importance()).as(id.toString())
                    .isCloseTo(policy.decayed(0.8f, false, row.createdAt(), null, null, now), within(1e-6));
            assertThat(row.decayedAt()).isEqualTo(now);
        }
        assertThat(fixture.row(permanent).importance()).isCloseTo(0.8, within(1e-6));
        assertThat(fixture.row(low).importance()).isCloseTo(0.05, within(1e-6));
        assertThat(fixture.row(recent).importance()).isCloseTo(0.8, within(1e-6));
        assertThat(decay.decayAt(fixture.tenant(), "test", now, 2).updated()).as("nothing twice").isZero();
    }

    @Test
    void shouldDecayThroughTheApiAndAnswerTheRunWithItsLocation() {
        String location = given().post("/v1/maintenance/decay").then().statusCode(201)
                .body("type", equalTo("decay")).body("success", equalTo(true)).body("executedBy", equalTo("api"))
                .header("Location", startsWith("http")).extract().header("Location");
        given().get(location).then().statusCode(200).body("type", equalTo("decay"));
    }
}
