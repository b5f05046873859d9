package dev.engram.insight;

import dev.engram.context.ContextService;
import dev.engram.context.api.CreateContextRequest;
import dev.engram.insight.api.StatsResponse;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memory.api.CreateMemoryRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** Statistics on a fixture of a fresh tenant, and the retrieval counters after real searches. */
@QuarkusTest
class StatsTest {

    @Inject
    MemoryWriteService writes;
    @Inject
    ContextService contexts;
    @Inject
    StatsService stats;

    private UUID store(String tenant, String type, String content, double importance, String user, String agent,
                       UUID context, boolean permanent, Instant expiresAt) {
        return writes.create(tenant, new CreateMemoryRequest(type, content, null, null, null, null, null, importance,
                null, context, user, agent, null, null, expiresAt, permanent, null, null, null)).id();
    }

    @Test
    void shouldCountTotalsDistributionsGroupsGrowthAndStorageOfTheTenantOnly() {
        String tenant = "stats-" + UUID.randomUUID();
        UUID trip = contexts.create(tenant, new CreateContextRequest("Trip", "project", null, "alice", null, null,
                null, null)).id();
        store(tenant, "semantic", "Alice speaks Portuguese", 0.8, "alice", "planner", trip, false, null);
        store(tenant, "semantic", "Alice is allergic to nuts", 0.6, "alice", "planner", trip, true, null);
        store(tenant, "episodic", "Alice booked a flight to Porto", 0.4, "alice", "booker", null, false, null);
        store(tenant, "preference", "Bob likes aisle seats", 0.2, "bob", null, null, false,
                Instant.now().plus(Duration.ofHours(1)));
        store(tenant, "semantic", "The office closes at six", 0.5, null, null, null, false, null);
        store("stats-other-" + UUID.randomUUID(), "semantic", "Another tenant's memory", 0.9, "alice", null, null,
                false, null);
        Instant now = Instant.now().plus(Duration.ofHours(2)); // Bob's memory has expired by then

        StatsResponse s = stats.statsAt(tenant, 7, 2, now);

        assertThat(s.totalMemories()).isEqualTo(5);
        assertThat(s.permanentMemories()).isEqualTo(1);
        assertThat(s.expiredMemories()).isEqualTo(1);
        assertThat(s.averageImportance()).isCloseTo(0.5, within(1e-6));
        assertThat(s.distinctUsers()).isEqualTo(2);
        assertThat(s.distinctAgents()).isEqualTo(2);
        assertThat(s.distinctContexts()).isEqualTo(1);
        assertThat(s.byType()).extracting(StatsResponse.TypeCount::type, StatsResponse.TypeCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("semantic", 3L),
                        org.assertj.core.groups.Tuple.tuple("episodic", 1L),
                        org.assertj.core.groups.Tuple.tuple("preference", 1L));
        assertThat(s.byType().get(0).averageImportance()).isCloseTo(0.6333, within(1e-3));
        assertThat(s.byUser()).extracting(StatsResponse.UserCount::userId, StatsResponse.UserCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", 3L),
                        org.assertj.core.groups.Tuple.tuple("bob", 1L));
        assertThat(s.byAgent()).first().isEqualTo(new StatsResponse.AgentCount("planner", 2));
        assertThat(s.byContext()).first().isEqualTo(new StatsResponse.ContextCount(null, null, 3));
        assertThat(s.byContext()).contains(new StatsResponse.ContextCount(trip, "Trip", 2));
        assertThat(s.growth()).hasSize(7);
        assertThat(s.growth().get(6)).isEqualTo(new StatsResponse.DayCount(LocalDate.ofInstant(now, ZoneOffset.UTC),
                LocalDate.ofInstant(now, ZoneOffset.UTC).equals(LocalDate.now(ZoneOffset.UTC)) ? 5 : 0));
        assertThat(s.growth().stream().mapToLong(StatsResponse.DayCount::count).sum()).isEqualTo(5);
        assertThat(s.storage().tenantRows()).containsEntry("memory", 5L).containsEntry("context", 1L);
        assertThat(s.storage().memoryBytesEstimate()).isGreaterThan(5 * 768); // five 384-d half-precision vectors at least
        assertThat(s.storage().tables()).extracting(StatsResponse.TableSize::table)
                .contains("memory", "context", "memory_archive", "maintenance_run");
        assertThat(stats.statsAt("stats-empty-" + UUID.randomUUID(), 3, 10, now).totalMemories()).isZero();
    }

    @Test
    void shouldServeStatsOverHttpAndRejectBadParameters() {
        given().queryParam("days", 5).get("/v1/stats").then().statusCode(200).body("days", equalTo(5))
                .body("growth", hasSize(5)).body("storage.tables", notNullValue());
        given().queryParam("days", 0).get("/v1/stats").then().statusCode(400)
                .body("type", equalTo("https://engram.dev/problems/invalid-parameter"));
        given().queryParam("top", "many").get("/v1/stats").then().statusCode(400);
    }

    @Test
    void shouldCountRetrievalsLatencyAndCacheHitsOfThisPod() {
        String text = "Retrieval statistics probe " + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("content", text)).post("/v1/memories").then().statusCode(201);
        long before = given().get("/v1/stats/retrieval").then().statusCode(200).extract().jsonPath().getLong("retrievals");
        for (int i = 0; i < 2; i++) { // the second search finds the query embedding in the cache
            given().contentType(ContentType.JSON).body(Map.of("query", text, "limit", 3))
                    .post("/v1/memories/search").then().statusCode(200);
        }
        given().get("/v1/stats/retrieval").then().statusCode(200)
                .body("retrievals", equalTo((int) before + 2)).body("scope", equalTo("pod"))
                .body("latencyP50Millis", notNullValue()).body("latencyP95Millis", notNullValue())
                .body("averageRelevance", notNullValue()).body("cacheHits", greaterThanOrEqualTo(1))
                .body("cacheHitRatio", notNullValue());
        assertThat(stats.retrieval("nobody-" + UUID.randomUUID()).retrievals()).isZero();
    }
}
