package dev.engram.graph;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class AssociationResourceTest {

    private static final String PROBLEMS = "https://engram.dev/problems/";

    @Inject
    AgroalDataSource dataSource;

    static String memory(String user, String content) {
        return given().contentType(ContentType.JSON).body(Map.of("content", content, "userId", user))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
    }

    static String associate(String source, String target, String type, double strength) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("sourceId", source, "targetId", target, "type", type, "strength", strength))
                .post("/v1/associations").then().statusCode(201).extract().path("id");
    }

    @Test
    void shouldCreateReadListAndDeleteAnAssociation() {
        String user = "assoc-crud-" + UUID.randomUUID();
        String a = memory(user, "The deployment failed because the disk was full");
        String b = memory(user, "Disk usage alerts were disabled last month");
        Map<String, Object> body = new HashMap<>(Map.of("sourceId", a, "targetId", b, "type", "caused_by",
                "strength", 0.8, "confidence", 0.6, "description", "root cause"));
        var created = given().contentType(ContentType.JSON).body(body).post("/v1/associations");
        created.then().statusCode(201).header("Location", notNullValue())
                .body("sourceId", equalTo(a)).body("targetId", equalTo(b)).body("type", equalTo("caused_by"))
                .body("strength", equalTo(0.8f)).body("confidence", equalTo(0.6f))
                .body("description", equalTo("root cause")).body("learnedAutomatically", equalTo(false))
                .body("usageCount", equalTo(0));
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/v1/associations/" + id);

        given().get("/v1/associations/" + id).then().statusCode(200).body("id", equalTo(id)).body("type", equalTo("caused_by"));
        given().get("/v1/associations?learnedAutomatically=false&sourceId=" + a).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(id));
        given().get("/v1/memories/" + b + "/associations?direction=in&type=caused_by").then().statusCode(200)
                .body("memoryId", equalTo(b)).body("direction", equalTo("in")).body("items[0].id", equalTo(id));
        given().get("/v1/memories/" + b + "/associations?direction=out&type=caused_by").then().statusCode(200)
                .body("items", hasSize(0));
        given().get("/v1/memories/" + a + "/associations?type=caused_by").then().statusCode(200)
                .body("direction", equalTo("both")).body("items", hasSize(1));

        given().delete("/v1/associations/" + id).then().statusCode(204);
        given().get("/v1/associations/" + id).then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"))
                .body("associationId", equalTo(id));
        given().delete("/v1/associations/" + id).then().statusCode(404);
    }

    @Test
    void shouldAnswer409ForADuplicateEdgeButAllowOtherTypesAndTheReverse() {
        String user = "assoc-dup-" + UUID.randomUUID();
        String a = memory(user, "Alice manages the Berlin office");
        String b = memory(user, "The Berlin office opened in 2019");
        String first = associate(a, b, "related", 0.5);
        given().contentType(ContentType.JSON).body(Map.of("sourceId", a, "targetId", b, "type", "related", "strength", 0.9))
                .post("/v1/associations").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "conflict")).body("associationId", equalTo(first));
        associate(a, b, "supports", 0.5);
        associate(b, a, "related", 0.5);
        given().get("/v1/associations?learnedAutomatically=false&memoryId=" + a).then().statusCode(200)
                .body("items", hasSize(3));
        given().get("/v1/associations/" + first).then().body("strength", equalTo(0.5f)); // not overwritten
    }

    @Test
    void shouldRejectUnknownAndOtherTenantsMemories() throws Exception {
        String user = "assoc-404-" + UUID.randomUUID();
        String a = memory(user, "The printer on floor 3 jams often");
        String missing = UUID.randomUUID().toString();
        String foreign = foreignMemory();

        for (String other : List.of(missing, foreign)) {
            given().contentType(ContentType.JSON).body(Map.of("sourceId", a, "targetId", other, "type", "related"))
                    .post("/v1/associations").then().statusCode(400)
                    .body("type", equalTo(PROBLEMS + "unknown-memory"))
                    .body("memoryIds", equalTo(List.of(other)))
                    .body("detail", containsString(other));
            given().get("/v1/memories/" + other + "/associations").then().statusCode(404)
                    .body("type", equalTo(PROBLEMS + "not-found")).body("memoryId", equalTo(other));
        }
        given().get("/v1/associations?memoryId=" + foreign).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void shouldAnswerProblemsForBadInput() {
        String user = "assoc-bad-" + UUID.randomUUID();
        String a = memory(user, "Bob likes green tea");
        String b = memory(user, "Bob drinks tea every morning");
        given().contentType(ContentType.JSON).body(Map.of("sourceId", a, "targetId", b, "type", "loves"))
                .post("/v1/associations").then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"))
                .body("violations[0].field", equalTo("type")).body("detail", containsString("similar"));
        given().contentType(ContentType.JSON).body(Map.of("sourceId", a, "targetId", a, "type", "related"))
                .post("/v1/associations").then().statusCode(400).body("violations[0].field", equalTo("targetId"));
        given().contentType(ContentType.JSON).body(Map.of("sourceId", a, "targetId", b, "type", "related", "strength", 1.5))
                .post("/v1/associations").then().statusCode(400).body("violations[0].field", equalTo("strength"));
        given().contentType(ContentType.JSON).body(Map.of("targetId", b, "type", "related"))
                .post("/v1/associations").then().statusCode(400).body("violations[0].field", equalTo("sourceId"));
        given().get("/v1/memories/" + a + "/associations?direction=sideways").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-parameter"));
        given().get("/v1/associations?type=loves").then().statusCode(400).body("type", equalTo(PROBLEMS + "invalid-parameter"));
        given().get("/v1/associations/not-a-uuid").then().statusCode(400).body("type", equalTo(PROBLEMS + "invalid-parameter"));
    }

    @Test
    void shouldPageThroughAssociationsWithFilters() {
        String user = "assoc-page-" + UUID.randomUUID();
        String hub = memory(user, "Project Falcon is the new billing system");
        List<String> created = new ArrayList<>();
        List<String> leaves = List.of("The cafeteria serves soup on Mondays", "Our CI pipeline runs on ARM runners",
                "Quarterly taxes are due in April", "The cat sleeps on the windowsill", "Mount Everest is 8849 m high");
        for (int i = 0; i < 5; i++) {
            String leaf = memory(user, leaves.get(i));
            created.add(associate(hub, leaf, i % 2 == 0 ? "part_of" : "related", 0.1 + i * 0.2));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = given().queryParam("sourceId", hub).queryParam("limit", 2).queryParam("learnedAutomatically", false)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/v1/associations").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();

        given().get("/v1/associations?sourceId=" + hub + "&type=part_of").then().body("items", hasSize(3));
        given().get("/v1/associations?sourceId=" + hub + "&type=part_of,related&minStrength=0.6").then()
                .body("items", hasSize(2));
        given().get("/v1/associations?sourceId=" + hub + "&learnedAutomatically=true").then().body("items", hasSize(0));
        given().get("/v1/memories/" + hub + "/associations?direction=out&type=part_of&type=related&limit=2").then()
                .body("items.strength", equalTo(List.of(0.9f, 0.7f)));
    }

    @Test
    void shouldRemoveAssociationsWithTheirMemory() {
        String user = "assoc-cascade-" + UUID.randomUUID();
        String a = memory(user, "Carol is allergic to cats");
        String b = memory(user, "Carol's neighbour has three cats");
        String id = associate(a, b, "related", 0.7);
        given().delete("/v1/memories/" + b).then().statusCode(204);
        given().get("/v1/associations/" + id).then().statusCode(404);
        given().get("/v1/memories/" + a + "/associations").then().statusCode(200).body("items", hasSize(0));
    }

    /** A memory of another tenant, written directly (the API only ever writes the current tenant). */
    private String foreignMemory() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into memory (id, tenant_id, type_code, content, occurred_at, created_at, updated_at, content_hash)"
                        + " values (?, ?, 'semantic', 'another tenant''s secret', now(), now(), now(), 'x')")) {
            ps.setObject(1, id);
            ps.setString(2, "other-tenant-" + UUID.randomUUID());
            ps.executeUpdate();
        }
        return id.toString();
    }
}
