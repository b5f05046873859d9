package dev.engram.context;

import dev.engram.testing.HeldTransaction;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Concurrent changes of one context must not lose each other: a PATCH takes the row lock before it reads the context,
 * so two PATCHes of different fields both apply (neither is refused for a version conflict), and a memory written into
 * the context meanwhile keeps its {@code lastAccessed}. A held transaction ({@link HeldTransaction}) makes both
 * requests read the context while another transaction is changing it.
 */
@QuarkusTest
class ContextUpdateRaceTest {

    @Inject
    AgroalDataSource dataSource;

    private final ExecutorService requests = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopRequests() {
        requests.shutdownNow();
    }

    @Test
    void twoConcurrentPatchesOfDifferentFieldsShouldBothSurvive() throws Exception {
        UUID id = newContext();
        Future<Response> rename;
        Future<Response> retag;
        try (HeldTransaction other = HeldTransaction.begin(dataSource)) {
            other.execute("select 1 from context where id = ? for update", id);
            rename = patch(id, Map.of("name", "Renamed"));
            retag = patch(id, Map.of("tags", List.of("retagged"), "description", "Described"));
            assertThat(other.awaitWaiters(2)).as("both PATCHes wait for the row").isTrue();
        } // rolled back: both PATCHes go on, one after the other
        rename.get(60, TimeUnit.SECONDS).then().statusCode(200).body("name", equalTo("Renamed"));
        retag.get(60, TimeUnit.SECONDS).then().statusCode(200).body("tags", equalTo(List.of("retagged")));
        given().get("/v1/contexts/" + id).then().statusCode(200).body("name", equalTo("Renamed"))
                .body("tags", equalTo(List.of("retagged"))).body("description", equalTo("Described"))
                .body("metadata.budget", equalTo(10));
    }

    @Test
    void aPatchShouldKeepTheLastAccessOfAMemoryWrittenIntoTheContextMeanwhile() throws Exception {
        UUID id = newContext();
        Instant touched = Instant.parse("2026-06-01T12:00:00Z");
        Future<Response> rename;
        try (HeldTransaction write = HeldTransaction.begin(dataSource)) {
            // what a memory write into the context does in its transaction (ContextService.touch)
            write.execute("update context set last_accessed = ? where id = ?", Timestamp.from(touched), id);
            rename = patch(id, Map.of("name", "Renamed"));
            assertThat(write.awaitWaiters(1)).as("the PATCH waits for the write").isTrue();
            write.commit();
        }
        rename.get(60, TimeUnit.SECONDS).then().statusCode(200).body("name", equalTo("Renamed"));
        assertThat(lastAccessed(id)).isEqualTo(touched);
    }

    private UUID newContext() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", "Race", "tags", List.of("initial"), "metadata", Map.of("budget", 10)))
                .post("/v1/contexts").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    private Future<Response> patch(UUID id, Map<String, Object> changes) {
        return requests.submit(() -> given().contentType(ContentType.JSON).body(changes)
                .patch("/v1/contexts/" + id));
    }

    private Instant lastAccessed(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select last_accessed from context where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }
}
