package dev.engram.insight;

import dev.engram.insight.api.MemoryHealthResponse;
import dev.engram.maintenance.ConsolidationService;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memory.api.CreateMemoryRequest;
import dev.engram.memorytype.MemoryTypeService;
import dev.engram.memorytype.api.CreateMemoryTypeRequest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** The health check finds each named issue in a fixture built to have it. */
@QuarkusTest
class MemoryHealthTest {

    @Inject
    MemoryWriteService writes;
    @Inject
    MemoryTypeService types;
    @Inject
    HealthService health;
    @Inject
    AgroalDataSource db;
    @Inject
    ConsolidationService consolidation;

    private UUID store(String tenant, String type, String content, Instant expiresAt) {
        return writes.create(tenant, new CreateMemoryRequest(type, content, null, null, null, null, null, null, null,
                null, null, null, null, null, expiresAt, null, null, null, null)).id();
    }

    @Test
    void shouldBeFullyHealthyWithoutIssues() {
        String tenant = "health-clean-" + UUID.randomUUID();
        store(tenant, "semantic", "A clean memory", null);
        MemoryHealthResponse h = health.assess(tenant);
        assertThat(h.score()).isEqualTo(100);
        assertThat(h.status()).isEqualTo("healthy");
        assertThat(h.issues()).isEmpty();
        assertThat(h.totalMemories()).isEqualTo(1);
    }

    @Test
    void shouldFindExpiredDuplicateStaleOverdueAndCapacityIssues() throws Exception {
        String tenant = "health-" + UUID.randomUUID();
        types.create(tenant, new CreateMemoryTypeRequest("todo", "Todo", null, null, 2, null, null));
        store(tenant, "todo", "Buy milk", null);
        store(tenant, "todo", "Call the plumber", null);
        store(tenant, "semantic", "The meeting room is B12", null);
        store(tenant, "semantic", "The meeting room is B12", null);
        store(tenant, "semantic", "Visitor badge valid today", Instant.now().plus(Duration.ofHours(1)));
        store(tenant, "episodic", "Lunch with the new hire", null);
        UUID stale = store(tenant, "semantic", "Embedded by an older model", null);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update memory set embedding_model = 'old-model-v1' where id = ?")) {
            ps.setObject(1, stale);
            ps.executeUpdate();
        }

        MemoryHealthResponse h = health.assessAt(tenant, Instant.now().plus(Duration.ofDays(91)));

        assertThat(h.issues()).extracting(MemoryHealthResponse.HealthIssue::code).containsExactly(
                "expired_not_cleaned", "retention_overdue", "duplicates", "stale_embeddings", "capacity_pressure");
        assertThat(h.issues()).extracting(MemoryHealthResponse.HealthIssue::affected).containsExactly(1L, 1L, 1L, 1L, 0L);
        assertThat(h.issues()).allSatisfy(i -> assertThat(i.suggestedAction()).isNotBlank());
        assertThat(h.issues().get(4).message()).contains("todo 2/2");
        assertThat(h.score()).isLessThan(50);
        assertThat(h.status()).isEqualTo("unhealthy");
    }

    @Test
    void consolidatingShouldClearTheDuplicatesIssueItRecommends() {
        String tenant = "health-dup-" + UUID.randomUUID();
        store(tenant, "semantic", "The parking garage closes at 22:00", null);
        store(tenant, "semantic", "The parking garage closes at 22:00", null);
        store(tenant, "semantic", "Bananas are rich in potassium", null);
        assertThat(health.assess(tenant).issues()).extracting(MemoryHealthResponse.HealthIssue::code)
                .containsExactly("duplicates");

        var run = consolidation.consolidate(tenant, new ConsolidationService.Params(Duration.ofHours(1), 0.85, false),
                "test");
        assertThat(run.details()).as(run.error()).containsEntry("merged", 1L);

        MemoryHealthResponse after = health.assess(tenant);
        assertThat(after.issues()).as("the superseded copy is no duplicate any more").isEmpty();
        assertThat(after.score()).isEqualTo(100);
    }

    @Test
    void shouldAnswerOverHttp() {
        given().get("/v1/health/memory").then().statusCode(200).body("score", notNullValue())
                .body("embeddingModel", equalTo("all-minilm-l6-v2-q")).body("issues", notNullValue());
    }
}
