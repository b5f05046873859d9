package dev.engram.erasure;

import dev.engram.maintenance.ConsolidationService;
import dev.engram.maintenance.api.ConsolidationGroup;
import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Erasing an agent whose memory was merged into another agent's survivor (a consolidation made before merges were
 * limited to one agent) must not leave the erased agent's keywords, entities or metadata in that survivor; what the
 * survivor and the other merged members hold stays.
 */
@QuarkusTest
class CrossAgentMergeErasureTest {

    private static final String CONTENT = "Bob said the quarterly report is due on Friday at noon";

    @Inject
    ConsolidationService consolidation;
    @Inject
    AgroalDataSource dataSource;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "xmerge-" + run;
    private String key;

    @BeforeEach
    void newTenant() {
        key = TestAuth.newKey(tenant, Scope.READ, Scope.WRITE, Scope.ADMIN);
    }

    @Test
    void erasingAnAgentShouldStripItsContributionsFromAnotherAgentsSurvivor() throws Exception {
        String agentA = "agentA-" + run;
        String survivor = memory(0.9, List.of("report", "friday", "b-own"), List.of("Bob"),
                Map.of("team", "blue", "owner", "b"));
        String erased = memory(0.5, List.of("report", "a-secret"), List.of("Bob", "Alice"),
                Map.of("aNote", "met Alice", "team", "red", "shared", 1));
        String kept = memory(0.4, List.of("c-own", "a-secret"), List.of("Carol"), Map.of("cNote", 3, "shared", 1));
        MaintenanceRunResponse merged = consolidation.consolidate(tenant,
                new ConsolidationService.Params(Duration.ofHours(1), 0.95, false), "test");
        assertThat(merged.groups()).extracting(ConsolidationGroup::survivorId).containsExactly(UUID.fromString(survivor));
        // the merge as one made before merges were limited to one agent: the members belong to other agents
        sql("update memory set agent_id = ? where id = ?::uuid", agentA, erased);
        sql("update memory set agent_id = ? where id = ?::uuid", "agentC-" + run, kept);
        as().get("/v1/memories/" + survivor).then().statusCode(200)
                .body("keywords", equalTo(List.of("report", "friday", "b-own", "c-own", "a-secret")))
                .body("entities", equalTo(List.of("Bob", "Carol", "Alice"))).body("metadata.aNote", equalTo("met Alice"));
        // an edit after the merge keeps the survivor as it was, the erased agent's values included (memory_revision)
        as().contentType(ContentType.JSON).body(Map.of("importance", 0.95)).patch("/v1/memories/" + survivor)
                .then().statusCode(200);
        assertThat(revisionsMentioning("met Alice")).isEqualTo(1);

        as().contentType(ContentType.JSON).body(Map.of("agentId", agentA)).post("/v1/erasures").then().statusCode(201)
                .body("details.survivorsCleaned", equalTo(1)).body("details.memories", equalTo(1))
                .body("updated", equalTo(1));

        // a-secret stays: the kept member holds it; Alice and aNote were only the erased agent's
        as().get("/v1/memories/" + survivor).then().statusCode(200)
                .body("keywords", equalTo(List.of("report", "friday", "b-own", "c-own", "a-secret")))
                .body("entities", equalTo(List.of("Bob", "Carol")))
                .body("metadata", equalTo(Map.of("team", "blue", "owner", "b", "cNote", 3, "shared", 1)));
        as().get("/v1/memories/" + erased).then().statusCode(404);
        as().get("/v1/memories/" + kept).then().statusCode(200).body("supersededBy", equalTo(survivor));
        assertThat(rowsMentioning("Alice")).as("memory rows naming the erased agent's entity").isZero();
        assertThat(rowsMentioning("met Alice")).isZero();
        assertThat(revisionsMentioning("Alice")).as("earlier versions of the survivor").isZero();
        as().get("/v1/memories/" + survivor + "/revisions").then().statusCode(200).body("items", equalTo(List.of()));
    }

    @Test
    void erasingAnAgentWhoseMemoryWasTheOnlyOneMergedShouldLeaveTheSurvivorItsOwnValues() throws Exception {
        String agentA = "agentA-" + run;
        String survivor = memory(0.9, List.of("report", "b-own"), List.of("Bob"), Map.of("owner", "b"));
        String erased = memory(0.5, List.of("report", "deadline", "a-secret"), List.of("Alice"),
                Map.of("aNote", "met Alice", "owner", "a"));
        consolidation.consolidate(tenant, new ConsolidationService.Params(Duration.ofHours(1), 0.95, false), "test");
        sql("update memory set agent_id = ? where id = ?::uuid", agentA, erased);

        as().contentType(ContentType.JSON).body(Map.of("agentId", agentA)).post("/v1/erasures").then().statusCode(201)
                .body("details.survivorsCleaned", equalTo(1));

        // "report" is in the survivor's own content; "deadline" and "a-secret" were only the erased agent's
        as().get("/v1/memories/" + survivor).then().statusCode(200)
                .body("keywords", equalTo(List.of("report", "b-own"))).body("entities", equalTo(List.of("Bob")))
                .body("metadata", equalTo(Map.of("owner", "b"))).body("version", equalTo(2));
        // erasing again changes nothing more
        as().contentType(ContentType.JSON).body(Map.of("agentId", agentA)).post("/v1/erasures").then().statusCode(201)
                .body("details.survivorsCleaned", equalTo(0));
    }

    /** A memory of agent B (all near-duplicates: same content, user and agent, so that consolidation merges them). */
    private String memory(double importance, List<String> keywords, List<String> entities,
                          Map<String, Object> metadata) {
        return as().contentType(ContentType.JSON).body(Map.of("content", CONTENT, "userId", "user-" + run,
                        "agentId", "agentB-" + run, "importance", importance, "keywords", keywords,
                        "entities", entities, "metadata", metadata))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
    }

    private RequestSpecification as() {
        return given().header("Authorization", "Bearer " + key);
    }

    private void sql(String sql, Object... binds) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private long revisionsMentioning(String text) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from memory_revision where tenant_id = ? and strpos(snapshot::text, ?) > 0")) {
            ps.setString(1, tenant);
            ps.setString(2, text);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long rowsMentioning(String text) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from memory m where tenant_id = ? and strpos((to_jsonb(m) - 'embedding')::text, ?) > 0")) {
            ps.setString(1, tenant);
            ps.setString(2, text);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
