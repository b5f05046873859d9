package dev.engram.knowledge;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

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
class KnowledgeResourceTest {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void anotherTenantsEntryIsNotFound() throws Exception {
        UUID id = UUID.randomUUID();
        String domain = domain();
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("insert into knowledge_entry (id, tenant_id,"
                + " name, knowledge_type, domain, tags, created_at, updated_at) values (?, ?, 'Secret', 'fact', ?,"
                + " '{secret}', now(), now())")) {
            ps.setObject(1, id);
            ps.setString(2, "other-tenant-" + UUID.randomUUID());
            ps.setString(3, domain);
            ps.executeUpdate();
        }
        given().get("/v1/knowledge/" + id).then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"));
        given().get("/v1/knowledge/" + id + "/versions").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("name", "mine now")).put("/v1/knowledge/" + id)
                .then().statusCode(404);
        given().delete("/v1/knowledge/" + id).then().statusCode(404);
        given().get("/v1/knowledge?domain=" + domain).then().statusCode(200).body("items", hasSize(0));
        assertThat(searchKnowledge(Map.of("tags", List.of("secret"), "domain", domain)).getList("hits")).isEmpty();
    }

    private static final String PROBLEMS = "https://engram.dev/problems/";

    private static String domain() {
        return "test-" + UUID.randomUUID();
    }

    private static Response create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/knowledge");
    }

    private static String create(String domain, String type, String name, String description) {
        return create(Map.of("name", name, "knowledgeType", type, "domain", domain, "description", description))
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void shouldStoreEveryFieldAndDeriveCategoriesAndTags() {
        String domain = domain();
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Restart the PostgreSQL server");
        body.put("knowledgeType", "procedure");
        body.put("domain", domain);
        body.put("description", "When the database server hangs, restart PostgreSQL with systemctl and check the logs.");
        body.put("content", Map.of("steps", List.of("systemctl restart postgresql", "journalctl -u postgresql"), "risk", "low"));
        body.put("rules", List.of("Never restart during the nightly backup"));
        body.put("examples", List.of(Map.of("input", "db down", "action", "restart")));
        body.put("accuracy", 0.9);
        body.put("completeness", 0.7);
        body.put("reliability", 0.8);
        body.put("createdBy", "ops-bot");
        Response created = create(body);
        created.then().statusCode(201).header("Location", notNullValue()).header("ETag", "\"1\"")
                .body("name", equalTo("Restart the PostgreSQL server")).body("knowledgeType", equalTo("procedure"))
                .body("content.steps[0]", equalTo("systemctl restart postgresql")).body("content.risk", equalTo("low"))
                .body("rules", equalTo(List.of("Never restart during the nightly backup")))
                .body("examples[0].action", equalTo("restart"))
                .body("categories", equalTo(List.of(domain.toLowerCase(), "procedure")))
                .body("tags", equalTo(List.of("restart", "postgresql", "server", "database", "hangs", "systemctl",
                        "check", "logs")))
                .body("accuracy", equalTo(0.9f)).body("completeness", equalTo(0.7f)).body("reliability", equalTo(0.8f))
                .body("active", equalTo(true)).body("usageCount", equalTo(0)).body("version", equalTo(1))
                .body("createdBy", equalTo("ops-bot")).body("embeddingModel", equalTo("all-minilm-l6-v2-q"));
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/v1/knowledge/" + id);
        given().get("/v1/knowledge/" + id).then().statusCode(200).header("ETag", "\"1\"").body("id", equalTo(id));

        body.put("tags", List.of("Postgres", "ops"));
        body.put("categories", List.of("Databases"));
        given().contentType(ContentType.JSON).body(body).put("/v1/knowledge/" + id).then().statusCode(200)
                .body("tags", equalTo(List.of("postgres", "ops"))).body("categories", equalTo(List.of("databases")));

        given().delete("/v1/knowledge/" + id).then().statusCode(204);
        given().get("/v1/knowledge/" + id).then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"))
                .body("knowledgeEntryId", equalTo(id));
        given().get("/v1/knowledge/" + id + "/versions").then().statusCode(404);
    }

    @Test
    void everyUpdateIsANewVersionAndAStaleIfMatchIs412() {
        String domain = domain();
        String id = create(domain, "rule", "Refund window", "Refunds are accepted within 14 days.");
        Map<String, Object> v2 = Map.of("name", "Refund window", "knowledgeType", "rule", "domain", domain,
                "description", "Refunds are accepted within 30 days.");
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(v2).put("/v1/knowledge/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2))
                .body("description", equalTo("Refunds are accepted within 30 days."));

        Map<String, Object> stale = Map.of("name", "Refund window", "knowledgeType", "rule", "domain", domain,
                "description", "Refunds are accepted within 7 days.");
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(stale).put("/v1/knowledge/" + id)
                .then().statusCode(412).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "precondition-failed")).body("currentVersion", equalTo(2))
                .body("detail", containsString("version 1"));
        given().get("/v1/knowledge/" + id).then().body("description", equalTo("Refunds are accepted within 30 days."));
        given().contentType(ContentType.JSON).header("If-Match", "bogus").body(stale).put("/v1/knowledge/" + id)
                .then().statusCode(412);

        // without If-Match the write is unconditional: version 3
        Map<String, Object> v3 = new HashMap<>(stale);
        v3.put("active", false);
        given().contentType(ContentType.JSON).body(v3).put("/v1/knowledge/" + id).then().statusCode(200)
                .body("version", equalTo(3)).body("active", equalTo(false));

        JsonPath history = given().get("/v1/knowledge/" + id + "/versions").then().statusCode(200).extract().jsonPath();
        assertThat(history.getString("entryId")).isEqualTo(id);
        assertThat(history.getList("items.version", Integer.class)).containsExactly(3, 2, 1);
        assertThat(history.getList("items.entry.description")).containsExactly("Refunds are accepted within 7 days.",
                "Refunds are accepted within 30 days.", "Refunds are accepted within 14 days.");
        assertThat(history.getList("items.entry.version", Integer.class)).containsExactly(3, 2, 1);
        assertThat(history.getList("items.entry.active", Boolean.class)).containsExactly(false, true, true);

        JsonPath first = given().get("/v1/knowledge/" + id + "/versions?limit=2").then().extract().jsonPath();
        assertThat(first.getList("items.version", Integer.class)).containsExactly(3, 2);
        given().get("/v1/knowledge/" + id + "/versions?limit=2&cursor=" + first.getString("nextCursor")).then()
                .body("items.version", equalTo(List.of(1))).body("nextCursor", equalTo(null));
    }

    @Test
    void semanticSearchRanksByMeaningAndFiltersByTagsDomainAndType() {
        String domain = domain();
        String postgres = create(domain, "procedure", "Restart the PostgreSQL server",
                "When the database stops answering, restart the PostgreSQL service and check its logs.");
        String refunds = create(domain, "rule", "Refund policy",
                "Customers get their money back for damaged goods within 30 days of delivery.");
        String photosynthesis = create(domain, "concept", "Photosynthesis",
                "Plants turn sunlight, water and carbon dioxide into sugar and oxygen.");

        JsonPath db = searchKnowledge(Map.of("query", "the database server is down, how do I bring it back up?",
                "domain", domain));
        assertThat(db.getList("hits.entry.id")).containsExactly(postgres, refunds, photosynthesis);
        List<Double> similarity = db.getList("hits.similarity", Double.class);
        assertThat(similarity).isSortedAccordingTo((a, b) -> Double.compare(b, a));

        JsonPath money = searchKnowledge(Map.of("query", "a customer wants a refund for a broken item",
                "domain", domain, "limit", 1));
        assertThat(money.getList("hits.entry.id")).containsExactly(refunds);

        JsonPath plants = searchKnowledge(Map.of("query", "how do plants make food", "domain", domain,
                "minSimilarity", 0.3));
        assertThat(plants.getList("hits.entry.id")).containsExactly(photosynthesis);

        assertThat(searchKnowledge(Map.of("query", "database", "domain", domain, "knowledgeType", "rule"))
                .getList("hits.entry.id")).containsExactly(refunds);
        // tags derived from the names: "restart", "postgresql", … — a tag filter keeps entries carrying every tag
        assertThat(searchKnowledge(Map.of("query", "anything", "domain", domain, "tags", List.of("PostgreSQL", "restart")))
                .getList("hits.entry.id")).containsExactly(postgres);
        JsonPath tagOnly = searchKnowledge(Map.of("tags", List.of("refund"), "domain", domain));
        assertThat(tagOnly.getList("hits.entry.id")).containsExactly(refunds);
        assertThat(tagOnly.getMap("hits[0]")).doesNotContainKey("similarity");
    }

    @Test
    void searchedEntriesAreCountedAsUsedAndInactiveOnesAreNotFound() throws InterruptedException {
        String domain = domain();
        String id = create(domain, "faq", "Office opening hours", "The office is open from 8 to 18 on weekdays.");
        assertThat(searchKnowledge(Map.of("query", "when is the office open", "domain", domain)).getList("hits.entry.id"))
                .containsExactly(id);
        int usage = 0;
        for (int attempt = 0; attempt < 50 && usage < 1; attempt++) {
            Thread.sleep(200);
            usage = given().get("/v1/knowledge/" + id).then().extract().path("usageCount");
        }
        assertThat(usage).isEqualTo(1);

        given().contentType(ContentType.JSON).body(Map.of("name", "Office opening hours", "knowledgeType", "faq",
                "domain", domain, "active", false)).put("/v1/knowledge/" + id).then().statusCode(200)
                .body("usageCount", equalTo(1)); // usage is not reset by a new version
        assertThat(searchKnowledge(Map.of("query", "when is the office open", "domain", domain)).getList("hits"))
                .isEmpty();
    }

    @Test
    void shouldListWithFiltersAndPages() {
        String domain = domain();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(domain, i % 2 == 0 ? "fact" : "rule", "Entry " + i + " about invoices", "Invoice detail " + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = given().queryParam("domain", domain).queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor).get("/v1/knowledge").then().statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        given().get("/v1/knowledge?domain=" + domain + "&knowledgeType=rule").then().body("items", hasSize(2));
        given().get("/v1/knowledge?domain=" + domain + "&tag=invoices&tag=entry").then().body("items", hasSize(5));
        given().get("/v1/knowledge?domain=" + domain + "&active=false").then().body("items", hasSize(0));
        given().get("/v1/knowledge?active=maybe").then().statusCode(400).body("type", equalTo(PROBLEMS + "invalid-parameter"));
    }

    @Test
    void shouldAnswerProblemsForBadInput() {
        create(Map.of("knowledgeType", "fact")).then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"))
                .body("violations[0].field", equalTo("name"));
        create(Map.of("name", "x", "knowledgeType", "Not A Type")).then().statusCode(400)
                .body("violations[0].field", equalTo("knowledgeType"));
        create(Map.of("name", "x", "accuracy", 2)).then().statusCode(400).body("violations[0].field", equalTo("accuracy"));
        create(Map.of("name", "x", "content", Map.of("blob", "y".repeat(70_000)))).then().statusCode(413)
                .body("type", equalTo(PROBLEMS + "content-too-large"));
        given().contentType(ContentType.JSON).body(Map.of("domain", "x")).post("/v1/knowledge/search").then()
                .statusCode(400).body("violations[0].field", equalTo("query"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).put("/v1/knowledge/" + UUID.randomUUID())
                .then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"));
        given().delete("/v1/knowledge/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static JsonPath searchKnowledge(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/knowledge/search").then().statusCode(200)
                .extract().jsonPath();
    }
}
