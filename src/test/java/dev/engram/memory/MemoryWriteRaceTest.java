package dev.engram.memory;

import dev.engram.embedding.Embedder;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
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
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * Writes racing a concurrent transaction that commits between the write's checks (outside its transaction) and its
 * transaction. The concurrent transaction is held open while the write is blocked on it, then committed: the race
 * is made deterministic.
 */
@QuarkusTest
class MemoryWriteRaceTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Embedder embedder;

    @Test
    void aContextDeletedBeforeTheInsertShouldBeAnUnknownContext() throws Exception {
        String context = context();
        Response response = whileContextDeleted(context, () -> given().contentType(ContentType.JSON)
                .body(Map.of("content", "written while its context goes away", "contextId", context))
                .post("/v1/memories"));
        response.then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/unknown-context")).body("contextIds[0]", equalTo(context));
    }

    @Test
    void aContextDeletedBeforeThePatchShouldBeAnUnknownContext() throws Exception {
        String memory = memory("a memory moved into a context that goes away", null);
        String context = context();
        Response response = whileContextDeleted(context, () -> given().contentType(ContentType.JSON)
                .body(Map.of("contextId", context)).patch("/v1/memories/" + memory));
        response.then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/unknown-context")).body("contextIds[0]", equalTo(context));
    }

    /**
     * PATCH {title} embeds the title with the content it read; a PATCH of the content commits before its transaction
     * (here: while it waits to check the context): the stored vector must be that of the new title and new content.
     */
    @Test
    void aPatchShouldNotStoreAVectorOfContentChangedMeanwhile() throws Exception {
        String memory = memory("The quarterly tax report is due at the end of March.", "Old title");
        String context = context();
        String newContent = "My cat sleeps on the warm windowsill every afternoon.";
        ExecutorService worker = Executors.newSingleThreadExecutor();
        Response response;
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("lock table context in access exclusive mode");
                 PreparedStatement change = other.prepareStatement("update memory set content = ?, content_hash = ?,"
                         + " version = version + 1 where id = ?")) {
                lock.execute();
                change.setString(1, newContent);
                change.setString(2, MemoryWriteService.contentHash(newContent));
                change.setObject(3, UUID.fromString(memory));
                assertThat(change.executeUpdate()).isEqualTo(1);
            }
            Future<Response> patch = worker.submit(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("title", "New title", "contextId", context)).patch("/v1/memories/" + memory));
            awaitBlockedBy(pid(other));
            other.commit();
            response = patch.get(60, TimeUnit.SECONDS);
        } finally {
            worker.shutdownNow();
        }
        response.then().statusCode(200).body("title", equalTo("New title")).body("content", equalTo(newContent));
        float[] expected = embedder.embedDocuments(List.of(MemoryWriteService.embeddingText("New title", newContent)))
                .get(0);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select 1 - (embedding <=> cast(? as halfvec)) from memory where id = ?")) {
            ps.setString(1, VectorConverter.toText(expected));
            ps.setObject(2, UUID.fromString(memory));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getDouble(1)).as("cosine to the vector of the new title and content")
                        .isGreaterThan(0.999);
            }
        }
    }

    /** Runs the request while another transaction deletes the context, and commits it once the request waits for it. */
    private Response whileContextDeleted(String context, Callable<Response> request) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement delete = other.prepareStatement("delete from context where id = ?")) {
                delete.setObject(1, UUID.fromString(context));
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            Future<Response> response = worker.submit(request);
            awaitBlockedBy(pid(other));
            other.commit();
            return response.get(60, TimeUnit.SECONDS);
        } finally {
            worker.shutdownNow();
        }
    }

    private void awaitBlockedBy(int holder) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
                ps.setInt(1, holder);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the write never waited for the other transaction");
    }

    private static int pid(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String context() {
        return given().contentType(ContentType.JSON).body(Map.of("name", "race " + UUID.randomUUID()))
                .post("/v1/contexts").then().statusCode(201).extract().path("id");
    }

    private static String memory(String content, String title) {
        Map<String, Object> body = title == null ? Map.of("content", content) : Map.of("content", content, "title", title);
        return given().contentType(ContentType.JSON).body(body).post("/v1/memories").then().statusCode(201)
                .extract().path("id");
    }
}
