package dev.engram.maintenance;

import dev.engram.testing.HeldTransaction;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An importance set by a PATCH is the importance as of then: decay counts idle time from the PATCH, not from the
 * memory's creation, also when the PATCH commits while a decay run has already read the row.
 */
@QuarkusTest
class DecayAfterPatchTest {

    @Inject
    AgroalDataSource db;
    @Inject
    DecayService decay;

    private final String tenant = "decay-patch-" + UUID.randomUUID();
    private final String key = TestAuth.newKey(tenant, Scope.values());
    private final ExecutorService runs = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        runs.shutdownNow();
    }

    @Test
    void aPatchedImportanceShouldNotDecayForTheTimeBeforeThePatch() throws Exception {
        UUID id = idleMemory();
        as().body(Map.of("importance", 0.9)).patch("/v1/memories/" + id).then().statusCode(200);

        decay.decay(tenant, "test");

        assertThat(importance(id)).as("60 idle days before the PATCH are not decayed").isCloseTo(0.9, within(1e-6));
    }

    @Test
    void aPatchCommittedAfterTheDecayReadTheRowShouldBeKept() throws Exception {
        UUID id = idleMemory();
        Future<?> run;
        try (HeldTransaction patch = HeldTransaction.begin(db)) {
            // what the PATCH writes (MemoryUpdateService): the new importance, counted from now
            patch.execute("update memory set importance = 0.9, importance_decayed_at = now(), version = version + 1"
                    + " where id = ?", id);
            run = runs.submit(() -> decay.decay(tenant, "test"));
            assertThat(patch.awaitWaiters(1)).as("the decay batch waits for the PATCH").isTrue();
            patch.commit();
        }
        run.get(60, TimeUnit.SECONDS);
        assertThat(importance(id)).as("not decayed by a factor computed before the PATCH").isCloseTo(0.9, within(1e-6));
    }

    /** A memory of importance 0.5 created 60 days ago and never read: decay's default policy would cut it by ~40 %. */
    private UUID idleMemory() throws Exception {
        UUID id = UUID.fromString(as().body(Map.of("content", "The loading dock closes at six " + UUID.randomUUID(),
                "importance", 0.5)).post("/v1/memories").then().statusCode(201).extract().path("id"));
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update memory set created_at = now() - interval '60 days' where id = ?")) {
            ps.setObject(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        return id;
    }

    private RequestSpecification as() {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    private double importance(UUID id) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select importance from memory where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getDouble(1);
            }
        }
    }
}
