package dev.engram.maintenance;

import dev.engram.graph.AssociationService;
import dev.engram.graph.api.CreateAssociationRequest;
import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.memory.MemoryService;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memory.api.CreateMemoryRequest;
import dev.engram.memory.api.MemoryFilter;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.search.SearchService;
import dev.engram.search.api.SearchMemoriesRequest;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Consolidation with the real model: paraphrases merge, unrelated texts and other users/agents/types do not. */
@QuarkusTest
class ConsolidationTest {

    @Inject
    MeterRegistry registry;

    private static final String MEETING = "The team meeting is moved to Thursday at 10am";

    @Inject
    MemoryWriteService writes;
    @Inject
    MemoryService memories;
    @Inject
    SearchService search;
    @Inject
    AssociationService associations;
    @Inject
    ConsolidationService consolidation;
    @Inject
    AgroalDataSource db;
    @Inject
    CleanupService cleanup;
    @Inject
    MaintenanceRunService runs;

    private LifecycleFixture fixture;
    private final ConsolidationService.Params params = new ConsolidationService.Params(Duration.ofHours(1), 0.85, false);

    @BeforeEach
    void setUp() {
        fixture = new LifecycleFixture(writes, db, "consolidate-" + UUID.randomUUID());
    }

    private UUID store(String type, String user, String content, double importance, List<String> keywords,
                       Map<String, Object> metadata) {
        return writes.create(fixture.tenant(), new CreateMemoryRequest(type, content, null, null, null, keywords, null,
                importance, null, null, user, null, null, null, null, null, metadata, null, "test")).id();
    }

    private UUID store(String type, String user, String content) {
        return store(type, user, content, 0.5, null, null);
    }

    @Test
    void shouldMergeExactlyTheNearDuplicatesAndKeepTheRest() throws Exception {
        UUID weak = store("semantic", "ana", MEETING, 0.4, List.of("meeting"), Map.of("source", "chat", "room", "A"));
        UUID strong = store("semantic", "ana", "The team meeting has been moved to Thursday at 10 am", 0.9,
                List.of("thursday"), Map.of("source", "email"));
        UUID third = store("semantic", "ana", "The team meeting was moved to Thursday at 10am.");
        UUID bananas = store("semantic", "ana", "Bananas are rich in potassium");
        UUID database = store("semantic", "ana", "The production database runs PostgreSQL 15");
        UUID otherUser = store("semantic", "ben", MEETING);
        UUID otherAgent = writes.create(fixture.tenant(), new CreateMemoryRequest("semantic", MEETING, null, null, null,
                null, null, 0.5, null, null, "ana", "bot-2", null, null, null, null, null, null, "test")).id();
        UUID otherType = store("episodic", "ana", MEETING);
        UUID noUser = store("semantic", null, MEETING);
        UUID noUserA = store("procedural", null, "Renew the company domain name before March");
        UUID noUserB = store("procedural", null, "Renew the company domain name before March!");
        fixture.update("insert into memory_access (memory_id, access_count) values (?, 3)", weak);
        fixture.update("insert into memory_access (memory_id, access_count) values (?, 2)", strong);
        associations.create(fixture.tenant(), new CreateAssociationRequest(weak, bananas, "causes", 0.4, null, null));
        associations.create(fixture.tenant(), new CreateAssociationRequest(database, third, "supports", 0.6, null, null));
        associations.create(fixture.tenant(), new CreateAssociationRequest(strong, bananas, "causes", 0.9, null, null));
        associations.create(fixture.tenant(), new CreateAssociationRequest(weak, strong, "follows", 0.5, null, null));
        awaitAutoLinks();

        MaintenanceRunResponse dry = consolidation.consolidate(fixture.tenant(),
                new ConsolidationService.Params(Duration.ofHours(1), 0.85, true), "test");
        assertThat(dry.groups()).extracting(g -> Map.entry(g.survivorId(), Set.copyOf(g.supersededIds())))
                .containsExactlyInAnyOrder(Map.entry(strong, Set.of(weak, third)),
                        Map.entry(noUserA, Set.of(noUserB))); // same value: the older one survives
        assertThat(dry.processed()).isZero();
        assertThat(fixture.query("select count(*) from memory where tenant_id = ? and superseded_by is not null",
                fixture.tenant())).as("a dry run changes nothing").isZero();
        assertThat(fixture.query("select access_count from memory_access where memory_id = ?", strong)).isEqualTo(2);

        MaintenanceRunResponse run = consolidation.consolidate(fixture.tenant(), params, "test");

        assertThat(run.success()).as(run.error()).isTrue();
        assertThat(run.type()).isEqualTo("consolidation");
        assertThat(run.groups()).isEqualTo(dry.groups());
        assertThat(run.details()).containsEntry("groups", 2L).containsEntry("merged", 3L);
        assertThat(run.details().get("associationsMoved")).isGreaterThanOrEqualTo(1L);
        assertThat(run.processed()).isEqualTo(3);
        MemoryResponse survivor = memories.get(fixture.tenant(), strong);
        assertThat(survivor.supersededBy()).isNull();
        assertThat(survivor.accessCount()).isEqualTo(5);
        assertThat(survivor.importance()).isEqualTo(0.9);
        assertThat(survivor.keywords()).contains("thursday", "meeting");
        assertThat(survivor.metadata()).containsEntry("source", "email").containsEntry("room", "A");
        for (UUID id : List.of(weak, third)) {
            MemoryResponse gone = memories.get(fixture.tenant(), id);
            assertThat(gone.supersededBy()).isEqualTo(strong);
            assertThat(gone.supersededAt()).isNotNull();
        }
        for (UUID id : List.of(bananas, database, otherUser, otherAgent, otherType, noUser)) {
            assertThat(memories.get(fixture.tenant(), id).supersededBy()).as("kept: %s", id).isNull();
        }
        assertThat(fixture.query("select count(*) from association where tenant_id = ? and (source_id = any(?) "
                + "or target_id = any(?))", fixture.tenant(), new UUID[]{weak, third}, new UUID[]{weak, third}))
                .as("no edge left on a superseded memory").isZero();
        assertThat(fixture.query("select count(*) from association where source_id = ? and target_id = ? "
                + "and association_type = 'causes'", strong, bananas)).as("deduplicated").isEqualTo(1);
        assertThat(fixture.query("select count(*) from association where source_id = ? and target_id = ? "
                + "and association_type = 'supports'", database, strong)).as("re-pointed").isEqualTo(1);
        assertThat(fixture.query("select count(*) from association where association_type = 'follows' and tenant_id = ?",
                fixture.tenant())).as("self-loop dropped").isZero();

        MaintenanceRunResponse again = consolidation.consolidate(fixture.tenant(), params, "test");
        assertThat(again.groups()).as("idempotent").isEmpty();
        assertThat(again.details()).containsEntry("merged", 0L);
    }

    @Test
    void shouldHideSupersededMemoriesFromSearchListingAndRecent() throws Exception {
        UUID a = store("semantic", "carla", "Carla's flight to Lisbon leaves on Friday evening");
        UUID b = store("semantic", "carla", "Carla's flight to Lisbon departs on Friday evening");
        awaitAutoLinks();
        MaintenanceRunResponse run = consolidation.consolidate(fixture.tenant(), params, "test");
        assertThat(run.groups()).hasSize(1);
        UUID survivor = run.groups().get(0).survivorId();
        UUID superseded = survivor.equals(a) ? b : a;

        List<UUID> hits = search.search(fixture.tenant(), new SearchMemoriesRequest("flight to Lisbon", null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, 10, null, null, null, null))
                .hits().stream().map(h -> h.memory().id()).toList();
        assertThat(hits).containsExactly(survivor);
        assertThat(memories.list(fixture.tenant(), new MemoryFilter(null, null, null, null, null, null, null, null),
                null, 50).items()).extracting(MemoryResponse::id).containsExactly(survivor);
        assertThat(memories.recent(fixture.tenant(), 24, null, 50)).extracting(MemoryResponse::id)
                .containsExactly(survivor);
        assertThat(memories.get(fixture.tenant(), superseded).supersededBy()).isEqualTo(survivor);
    }

    @Test
    void shouldKeepTheMergedGroupUntilItsLastMemberWouldHaveExpired() throws Exception {
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        UUID expiring = fixture.store("semantic", "The office wifi password is swordfish42", 0.9, false, tomorrow);
        UUID lasting = fixture.store("semantic", "The office wi-fi password is swordfish42", 0.5, false, null);
        awaitAutoLinks();

        MaintenanceRunResponse run = consolidation.consolidate(fixture.tenant(), params, "test");
        assertThat(run.groups()).extracting(g -> Map.entry(g.survivorId(), g.supersededIds()))
                .containsExactly(Map.entry(expiring, List.of(lasting)));
        assertThat(memories.get(fixture.tenant(), expiring).expiresAt()).as("no member expired: neither does the survivor")
                .isNull();
        cleanup.cleanupAt(fixture.tenant(), new CleanupParams(null, 0.3, 5), "test", tomorrow.plus(Duration.ofDays(1)));
        assertThat(fixture.exists(expiring)).isTrue();
        assertThat(fixture.exists(lasting)).as("not deleted with an expired survivor").isTrue();
    }

    @Test
    void aFailedRunShouldStoreAFixedErrorWithALogReferenceNotTheDriversMessage() throws Exception {
        fixture.store("semantic", "The backup tape rotation happens every Sunday night", 0.5, false, null);
        fixture.store("semantic", "The backup tape rotation happens every Sunday night.", 0.5, false, null);
        awaitAutoLinks();
        // a real PostgreSQL error inside the merge transaction, for this test's tenant only
        fixture.update("create function engram_test_refuse() returns trigger language plpgsql as"
                + " $$ begin raise exception 'refused by the test trigger'; end $$");
        fixture.update("create trigger engram_test_refuse before update on memory for each row when (new.tenant_id = '"
                + fixture.tenant() + "') execute function engram_test_refuse()");
        MaintenanceRunResponse run;
        try {
            run = consolidation.consolidate(fixture.tenant(), params, "test");
        } finally {
            fixture.update("drop trigger engram_test_refuse on memory");
            fixture.update("drop function engram_test_refuse()");
        }

        assertThat(run.success()).isFalse();
        assertThat(run.error()).startsWith("Consolidation failed").containsPattern("reference [0-9a-f-]{36}")
                .doesNotContain("org.", "Exception", "ERROR", "refused by the test trigger");
        assertThat(runs.get(fixture.tenant(), run.id()).error()).isEqualTo(run.error());
    }

    @Test
    void shouldAnswerTheRunOverHttpAndRejectBadInput() {
        String id = given().contentType(ContentType.JSON).body(Map.of("timeWindowHours", 1, "dryRun", true))
                .post("/v1/maintenance/consolidate").then().statusCode(201)
                .header("Location", startsWith("http")).body("type", equalTo("consolidation"))
                .body("parameters.dryRun", equalTo(true)).body("parameters.similarityThreshold", equalTo(0.85f))
                .extract().path("id");
        given().get("/v1/maintenance/runs/" + id).then().statusCode(200).body("type", equalTo("consolidation"));
        given().contentType(ContentType.JSON).body(Map.of("similarityThreshold", 2))
                .post("/v1/maintenance/consolidate").then().statusCode(400)
                .body("violations[0].field", equalTo("similarityThreshold"));
        given().contentType(ContentType.JSON).body(Map.of("timeWindowHours", 0))
                .post("/v1/maintenance/consolidate").then().statusCode(400);
    }

    /** Automatic 'similar' links are written asynchronously after each write; wait until they have settled. */
    /**
     * Waits until the auto-linker has taken every queued memory (its pending gauge is 0) and the association count
     * then stayed the same over two of its 1 s runs: on a loaded machine its first run can come later than 1 s, and
     * a count that had merely not started to grow passed for "done".
     */
    private void awaitAutoLinks() throws InterruptedException {
        long last = -1;
        int stable = 0;
        for (int i = 0; i < 60 && stable < 2; i++) {
            Thread.sleep(700);
            long now = fixture.query("select count(*) from association where tenant_id = ?", fixture.tenant());
            double pending = registry.get("engram.graph.auto.link.pending").gauge().value();
            stable = pending == 0 && now == last ? stable + 1 : 0;
            last = now;
        }
        assertThat(stable).as("auto-linking finished").isEqualTo(2);
    }
}
