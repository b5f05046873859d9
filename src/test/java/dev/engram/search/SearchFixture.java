package dev.engram.search;

import io.restassured.http.ContentType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** A varied corpus of memories for ranking tests, stored through the real API for one fresh user. */
final class SearchFixture {

    static final String MORNING_MEETINGS = "User prefers morning meetings, ideally before 10am";

    /**
     * Recomputes the tenant's keyword statistics now, from a snapshot taken after this call started. A refresh is a
     * no-op while another holds the tenant's lock (the scheduled refresher, whose snapshot may predate the caller's
     * writes), so this retries until its own refresh ran.
     */
    static void refreshStatistics(KeywordStatistics statistics, String tenantId) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (statistics.refresh(tenantId).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the keyword statistics of " + tenantId + " stayed locked for 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** content, type, importance, days ago */
    private static final Object[][] MEMORIES = {
            {MORNING_MEETINGS, "preference", 0.8, 2},
            {"User is vegetarian and avoids fish", "preference", 0.7, 40},
            {"The user's favourite programming language is Kotlin", "preference", 0.5, 10},
            {"User likes dark mode in every editor", "preference", 0.4, 3},
            {"User prefers answers in short bullet points", "preference", 0.6, 1},
            {"Paris is the capital of France", "semantic", 0.3, 100},
            {"The Pacific is the largest ocean on Earth", "semantic", 0.3, 90},
            {"Water boils at 100 degrees Celsius at sea level", "semantic", 0.3, 80},
            {"PostgreSQL supports vector search through the pgvector extension", "semantic", 0.5, 5},
            {"Redis keeps data in memory and supports key expiry", "semantic", 0.5, 5},
            {"Kubernetes restarts pods that fail their liveness probe", "semantic", 0.4, 20},
            {"Photosynthesis turns sunlight, water and carbon dioxide into sugar", "semantic", 0.2, 200},
            {"To deploy the service, run helm upgrade --install with the production values file", "procedural", 0.7, 7},
            {"To reset a forgotten password, open settings and choose 'reset password'", "procedural", 0.5, 15},
            {"Rotate the database credentials every 90 days via the secrets manager", "procedural", 0.6, 30},
            {"Restart the worker if the queue backlog exceeds ten thousand jobs", "procedural", 0.5, 12},
            {"Brew coffee with water at 94 degrees for four minutes", "procedural", 0.2, 60},
            {"Yesterday the user had a long call with the landlord about the broken heating", "episodic", 0.5, 1},
            {"The user flew to Lisbon last week for a conference on distributed systems", "episodic", 0.6, 8},
            {"Last Tuesday the build failed because of a missing environment variable", "episodic", 0.5, 4},
            {"The team celebrated the product launch with a dinner", "episodic", 0.4, 25},
            {"The user adopted a cat named Miso in spring", "episodic", 0.5, 180},
            {"The user went hiking in the Alps during the summer holidays", "episodic", 0.4, 120},
            {"The user felt frustrated when the deployment failed twice", "emotional", 0.4, 4},
            {"The user was delighted by the quick support answer", "emotional", 0.3, 9},
            {"The user is anxious about the upcoming performance review", "emotional", 0.5, 2},
            {"The current project is a memory service written in Java", "contextual", 0.6, 3},
            {"The conversation is happening on a mobile phone with a small screen", "contextual", 0.3, 0},
            {"The user works in the Europe/Berlin time zone", "contextual", 0.6, 14},
            {"Invoices are due on the first business day of each month", "semantic", 0.5, 50},
            {"The quarterly planning session takes place in the large conference room", "semantic", 0.4, 35},
            {"The user's daughter plays the violin in the school orchestra", "episodic", 0.4, 70},
    };

    final String userId = "rank-" + UUID.randomUUID();
    final Map<String, String> idsByContent = new HashMap<>();
    final String contextId;

    SearchFixture() {
        contextId = given().contentType(ContentType.JSON).body(Map.of("name", "fixture", "userId", userId))
                .post("/v1/contexts").then().statusCode(201).extract().path("id");
        List<Map<String, Object>> batch = new ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        for (int i = 0; i < MEMORIES.length; i++) {
            Object[] m = MEMORIES[i];
            Map<String, Object> body = new HashMap<>();
            body.put("content", m[0]);
            body.put("type", m[1]);
            body.put("importance", m[2]);
            body.put("occurredAt", now.minus(java.time.Duration.ofDays((Integer) m[3])).toString());
            body.put("userId", userId);
            body.put("metadata", Map.of("index", i, "parity", i % 2 == 0 ? "even" : "odd"));
            if (m[1].equals("procedural")) {
                body.put("contextId", contextId);
            }
            batch.add(body);
        }
        List<Map<String, Object>> created = given().contentType(ContentType.JSON).body(Map.of("memories", batch))
                .post("/v1/memories/batch").then().statusCode(201).extract().path("memories");
        for (Map<String, Object> c : created) {
            idsByContent.put((String) c.get("content"), (String) c.get("id"));
        }
    }

    int size() {
        return MEMORIES.length;
    }

    String id(String content) {
        return idsByContent.get(content);
    }
}
