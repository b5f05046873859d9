package dev.engram.memorytype;

import dev.engram.tenant.TestAuth;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A custom memory type deleted while memories of it are written must never leave memories of a type that no longer
 * exists. Each test holds a transaction ({@link HeldTransaction}) that plays one side of the race at the point where
 * the other side must wait for it, then lets it finish: a write that waited for a delete is refused (400), a delete
 * that waited for a write counts the memory (409), and of two deletes of one type the second finds it gone (404).
 */
@QuarkusTest
class MemoryTypeDeleteRaceTest {

    private static final String LOCK_TYPE = "select 1 from memory_type where tenant_id = ? and code = ?";
    private static final String UNKNOWN_TYPE = "https://engram.dev/problems/unknown-memory-type";

    @Inject
    AgroalDataSource dataSource;

    private final ExecutorService requests = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopRequests() {
        requests.shutdownNow();
    }

    @Test
    void aWriteThatWaitedForADeleteOfItsTypeShouldBeRefusedAndStoreNothing() throws Exception {
        String code = newType();
        Future<Response> write;
        try (HeldTransaction delete = HeldTransaction.begin(dataSource)) {
            delete.execute(LOCK_TYPE + " for update", TestAuth.DEFAULT_TENANT, code);
            write = async(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("content", "Quarterly numbers are due on the fifth", "type", code))
                    .post("/v1/memories"));
            assertThat(delete.awaitWaiters(1)).as("the write waits for the delete's row lock").isTrue();
            delete.execute("delete from memory_type where tenant_id = ? and code = ?", TestAuth.DEFAULT_TENANT, code);
            delete.commit();
        }
        write.get(60, TimeUnit.SECONDS).then().statusCode(400).body("type", equalTo(UNKNOWN_TYPE))
                .body("invalidTypes", equalTo(List.of(code)));
        assertThat(memoriesOfType(code)).as("no memory of the deleted type").isZero();
    }

    @Test
    void aPatchThatWaitedForADeleteOfItsNewTypeShouldBeRefusedAndChangeNothing() throws Exception {
        String code = newType();
        String id = given().contentType(ContentType.JSON).body(Map.of("content", "The office moves in May"))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        Future<Response> patch;
        try (HeldTransaction delete = HeldTransaction.begin(dataSource)) {
            delete.execute(LOCK_TYPE + " for update", TestAuth.DEFAULT_TENANT, code);
            patch = async(() -> given().contentType(ContentType.JSON).body(Map.of("type", code))
                    .patch("/v1/memories/" + id));
            assertThat(delete.awaitWaiters(1)).as("the PATCH waits for the delete's row lock").isTrue();
            delete.execute("delete from memory_type where tenant_id = ? and code = ?", TestAuth.DEFAULT_TENANT, code);
            delete.commit();
        }
        patch.get(60, TimeUnit.SECONDS).then().statusCode(400).body("type", equalTo(UNKNOWN_TYPE));
        given().get("/v1/memories/" + id).then().statusCode(200).body("type", equalTo("semantic"));
        assertThat(memoriesOfType(code)).isZero();
    }

    @Test
    void aDeleteThatWaitedForAWriteOfTheTypeShouldCountTheNewMemoryAndConflict() throws Exception {
        String code = newType();
        Future<Response> delete;
        try (HeldTransaction write = HeldTransaction.begin(dataSource)) {
            // what a memory write does in its transaction: lock the type FOR KEY SHARE, insert the memory
            write.execute(LOCK_TYPE + " for key share", TestAuth.DEFAULT_TENANT, code);
            write.execute("insert into memory (id, tenant_id, type_code, content, occurred_at, created_at, updated_at,"
                    + " content_hash) values (?, ?, ?, 'written meanwhile', now(), now(), now(), 'h')",
                    UUID.randomUUID(), TestAuth.DEFAULT_TENANT, code);
            delete = async(() -> given().delete("/v1/memory-types/" + code));
            assertThat(write.awaitWaiters(1)).as("the delete waits for the write's key share lock").isTrue();
            write.commit();
        }
        delete.get(60, TimeUnit.SECONDS).then().statusCode(409)
                .body("type", equalTo("https://engram.dev/problems/conflict")).body("code", equalTo(code));
        given().get("/v1/memory-types/" + code).then().statusCode(200);
        assertThat(memoriesOfType(code)).isEqualTo(1);
    }

    @Test
    void ofTwoConcurrentDeletesOfOneTypeTheSecondShouldFindItGone() throws Exception {
        String code = newType();
        Future<Response> first;
        Future<Response> second;
        try (HeldTransaction write = HeldTransaction.begin(dataSource)) {
            write.execute(LOCK_TYPE + " for key share", TestAuth.DEFAULT_TENANT, code); // a write in progress
            first = async(() -> given().delete("/v1/memory-types/" + code));
            second = async(() -> given().delete("/v1/memory-types/" + code));
            assertThat(write.awaitWaiters(2)).as("both deletes wait").isTrue();
        } // the write rolls back: it stored nothing
        List<Integer> statuses = List.of(first.get(60, TimeUnit.SECONDS).statusCode(),
                second.get(60, TimeUnit.SECONDS).statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(204, 404);
        given().get("/v1/memory-types/" + code).then().statusCode(404);
    }

    @Test
    void aPatchThatWaitedForADeleteOfTheTypeShouldFindItGone() throws Exception {
        String code = newType();
        Future<Response> patch;
        try (HeldTransaction delete = HeldTransaction.begin(dataSource)) {
            delete.execute("delete from memory_type where tenant_id = ? and code = ?", TestAuth.DEFAULT_TENANT, code);
            patch = async(() -> given().contentType(ContentType.JSON).body(Map.of("name", "Renamed"))
                    .patch("/v1/memory-types/" + code));
            assertThat(delete.awaitWaiters(1)).as("the PATCH waits for the delete").isTrue();
            delete.commit();
        }
        patch.get(60, TimeUnit.SECONDS).then().statusCode(404)
                .body("type", equalTo("https://engram.dev/problems/not-found"));
        given().get("/v1/memory-types/" + code).then().statusCode(404);
    }

    @Test
    void twoConcurrentPatchesOfOneTypeShouldBothApply() throws Exception {
        String code = newType();
        Future<Response> rename;
        Future<Response> describe;
        try (HeldTransaction other = HeldTransaction.begin(dataSource)) {
            other.execute(LOCK_TYPE + " for no key update", TestAuth.DEFAULT_TENANT, code);
            rename = async(() -> given().contentType(ContentType.JSON).body(Map.of("name", "Renamed"))
                    .patch("/v1/memory-types/" + code));
            describe = async(() -> given().contentType(ContentType.JSON).body(Map.of("description", "Described"))
                    .patch("/v1/memory-types/" + code));
            assertThat(other.awaitWaiters(2)).as("both PATCHes wait").isTrue();
        }
        rename.get(60, TimeUnit.SECONDS).then().statusCode(200);
        describe.get(60, TimeUnit.SECONDS).then().statusCode(200);
        given().get("/v1/memory-types/" + code).then().statusCode(200).body("name", equalTo("Renamed"))
                .body("description", equalTo("Described"));
    }

    private String newType() {
        String code = "race-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("code", code, "name", "Race"))
                .post("/v1/memory-types").then().statusCode(201);
        return code;
    }

    private Future<Response> async(Callable<Response> request) {
        return requests.submit(request);
    }

    private long memoriesOfType(String code) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from memory where tenant_id = ? and type_code = ?")) {
            ps.setString(1, TestAuth.DEFAULT_TENANT);
            ps.setString(2, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
