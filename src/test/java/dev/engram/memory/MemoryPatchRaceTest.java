package dev.engram.memory;

import dev.engram.testing.HeldTransaction;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
 * A PATCH of a memory writes the whole row back, so it must read the row under its lock: otherwise a decay batch
 * (SQL that does not bump the version) committed between the PATCH's read and its write is overwritten, and two
 * PATCHes of different fields answer one of them 409. A held transaction ({@link HeldTransaction}) makes the PATCHes
 * read while another transaction is changing the row.
 */
@QuarkusTest
class MemoryPatchRaceTest {

    @Inject
    AgroalDataSource dataSource;

    private final ExecutorService requests = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopRequests() {
        requests.shutdownNow();
    }

    @Test
    void aPatchShouldKeepADecayCommittedWhileItWaited() throws Exception {
        UUID id = newMemory();
        Future<Response> patch;
        try (HeldTransaction decay = HeldTransaction.begin(dataSource)) {
            // what a decay batch does to the row (MaintenanceRepository.decay): no version bump
            decay.execute("update memory set importance = 0.25, importance_decayed_at = now() where id = ?", id);
            patch = patch(id, Map.of("confidence", 0.9));
            assertThat(decay.awaitWaiters(1)).as("the PATCH waits for the decay batch").isTrue();
            decay.commit();
        }
        patch.get(60, TimeUnit.SECONDS).then().statusCode(200).body("confidence", equalTo(0.9f))
                .body("importance", equalTo(0.25f));
        given().get("/v1/memories/" + id).then().statusCode(200).body("importance", equalTo(0.25f))
                .body("confidence", equalTo(0.9f));
    }

    @Test
    void twoConcurrentPatchesOfDifferentFieldsShouldBothSucceed() throws Exception {
        UUID id = newMemory();
        Future<Response> lowerConfidence;
        Future<Response> retag;
        try (HeldTransaction other = HeldTransaction.begin(dataSource)) {
            other.execute("select 1 from memory where id = ? for no key update", id);
            lowerConfidence = patch(id, Map.of("confidence", 0.3));
            retag = patch(id, Map.of("keywords", List.of("retagged")));
            assertThat(other.awaitWaiters(2)).as("both PATCHes wait for the row").isTrue();
        } // rolled back: both PATCHes go on, one after the other
        lowerConfidence.get(60, TimeUnit.SECONDS).then().statusCode(200);
        retag.get(60, TimeUnit.SECONDS).then().statusCode(200);
        given().get("/v1/memories/" + id).then().statusCode(200).body("confidence", equalTo(0.3f))
                .body("keywords", equalTo(List.of("retagged"))).body("version", equalTo(2));
    }

    private static UUID newMemory() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("content", "a memory two writers change at once " + UUID.randomUUID(),
                        "importance", 0.5, "confidence", 0.5))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    private Future<Response> patch(UUID id, Map<String, Object> changes) {
        return requests.submit(() -> given().contentType(ContentType.JSON).body(changes)
                .patch("/v1/memories/" + id));
    }
}
