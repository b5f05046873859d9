package dev.engram.platform;

import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * SQL, LIKE, JSON-path/jsonb and tsquery injection attempts in every string and filter field are inert: stored and
 * returned verbatim, filters match them literally, nothing of another row or tenant comes back, and the tables are
 * intact afterwards. Each payload is stored in its own (fresh) tenant next to a decoy row that a wildcard or a broken
 * quote would match.
 */
@QuarkusTest
class InjectionTest {

    static final List<String> PAYLOADS = List.of(
            "'; drop table memory; --", "' OR '1'='1", "\" OR \"\"=\"", "$$; delete from tenant; $$", "back\\slash\\",
            "\\'", "100%", "%", "_", "%_%", "a_b", "x'::jsonb", "->>'k'", "@> '{}'", "a\"b", "?|", "$.a[*]",
            "); select pg_sleep(5); --", "E'\\x41'", "{\"$ne\": null}");

    private static final List<String> TSQUERY = List.of("a & b", "a | b", "!a", "!!", "a:*", ":*", "(a", "a)", "()",
            "'", "''", "\\", "a <-> b", "a <2> b", "&", "|", "a & | b", "' & '", "http://x.org/?a=1&b=2", "a:b:c", "*",
            "x & !(y | z)", "中文 & テスト", "'; drop table memory; --");

    private String key;

    private RequestSpecification as() {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    private void freshTenant() {
        key = TestAuth.newKey("inj-" + UUID.randomUUID().toString().substring(0, 8), Scope.values());
    }

    @Test
    void memoryFieldsAndFiltersTreatPayloadsAsPlainText() {
        freshTenant();
        String decoy = as().body(Map.of("content", "decoy memory", "userId", "decoy", "agentId", "decoy",
                "metadata", Map.of("k", "decoy"))).post("/v1/memories").then().statusCode(201).extract().path("id");
        for (String p : PAYLOADS) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put(p, p);
            metadata.put("nested", Map.of(p, List.of(p)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("content", "note " + p);
            body.put("title", p);
            body.put("summary", p);
            body.put("userId", p);
            body.put("agentId", p);
            body.put("keywords", List.of(p));
            body.put("entities", List.of(p));
            body.put("metadata", metadata);
            body.put("structuredData", Map.of(p, p));
            String id = as().body(body).post("/v1/memories").then().statusCode(201).extract().path("id");
            JsonPath stored = as().get("/v1/memories/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(stored.getString("title")).isEqualTo(p);
            assertThat(stored.getString("userId")).isEqualTo(p);
            assertThat(stored.getList("keywords")).containsExactly(p);
            assertThat(stored.getMap("metadata")).containsEntry(p, p);

            // the list filters match the payload literally: exactly this memory, never the decoy
            assertThat(ids(as().queryParam("userId", p).get("/v1/memories").then().statusCode(200).extract().jsonPath()
                    .getList("items.id"))).as(p).containsExactly(id);
            assertThat(ids(as().queryParam("agentId", p).get("/v1/memories").then().statusCode(200).extract().jsonPath()
                    .getList("items.id"))).as(p).containsExactly(id);
            // search with the payload as query, user filter and metadata filter: this memory at most (a query of
            // stop words and punctuation has no keyword to match), never the decoy
            for (String mode : List.of("semantic", "keyword", "hybrid")) {
                List<Object> hits = as().body(Map.of("query", p, "mode", mode, "userId", p, "metadata", Map.of(p, p)))
                        .post("/v1/memories/search").then().statusCode(200).extract().jsonPath().getList("hits.memory.id");
                assertThat(ids(hits)).as(mode + " " + p).isSubsetOf(id);
            }
            List<Object> byMetadata = as().body(Map.of("query", "note", "metadata", Map.of(p, p), "minRelevance", 0.0))
                    .post("/v1/memories/search").then().statusCode(200).extract().jsonPath().getList("hits.memory.id");
            assertThat(ids(byMetadata)).as("metadata filter " + p).containsExactly(id);
        }
        // the decoy is intact and still found by its own filter, the tables are there
        as().get("/v1/memories/" + decoy).then().statusCode(200).body("content", equalTo("decoy memory"));
        assertThat(as().queryParam("limit", 100).get("/v1/memories").then().statusCode(200).extract().jsonPath()
                .getList("items")).hasSize(PAYLOADS.size() + 1);
    }

    @Test
    void keywordSearchAcceptsAnyTsquerySyntaxAsWords() {
        freshTenant();
        String id = as().body(Map.of("content", "Alpha and beta work together on http://x.org/?a=1&b=2"))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        for (String q : TSQUERY) {
            for (String mode : List.of("keyword", "hybrid")) {
                as().body(Map.of("query", q, "mode", mode)).post("/v1/memories/search").then().statusCode(200);
            }
            as().body(Map.of("queries", List.of(q, "alpha"), "mode", "keyword")).post("/v1/memories/search")
                    .then().statusCode(200);
            as().queryParam("query", q).get("/v1/sessions/none/context").then().statusCode(404);
            as().body(Map.of("query", q)).post("/v1/knowledge/search").then().statusCode(200);
            as().body(Map.of("query", q)).post("/v1/context/build").then().statusCode(200);
        }
        // words of an operator-laden query still match literally
        List<Object> hits = as().body(Map.of("query", "alpha & !beta | (", "mode", "keyword")).post("/v1/memories/search")
                .then().statusCode(200).extract().jsonPath().getList("hits.memory.id");
        assertThat(ids(hits)).containsExactly(id);
    }

    @Test
    void knowledgePatternsExperiencesAndContextsMatchPayloadsLiterally() {
        freshTenant();
        as().body(Map.of("name", "decoy", "knowledgeType", "fact", "domain", "decoy", "tags", List.of("decoy")))
                .post("/v1/knowledge").then().statusCode(201);
        as().body(Map.of("name", "decoy", "patternType", "error", "userId", "decoy")).post("/v1/patterns").then().statusCode(201);
        as().body(Map.of("subject", "decoy", "issueType", "decoy", "description", "decoy", "actor", "decoy",
                "success", true)).post("/v1/experiences").then().statusCode(201);
        as().body(Map.of("name", "decoy", "userId", "decoy")).post("/v1/contexts").then().statusCode(201);
        for (String p : PAYLOADS) {
            String k = as().body(Map.of("name", p, "knowledgeType", "fact", "domain", p, "description", p,
                    "tags", List.of(p), "content", Map.of(p, p))).post("/v1/knowledge").then().statusCode(201)
                    .body("name", equalTo(p)).body("domain", equalTo(p)).extract().path("id");
            assertThat(ids(as().queryParam("domain", p).get("/v1/knowledge").then().statusCode(200).extract()
                    .jsonPath().getList("items.id"))).as(p).containsExactly(k);
            List<Object> tagged = as().body(Map.of("tags", List.of(p), "domain", p)).post("/v1/knowledge/search")
                    .then().statusCode(200).extract().jsonPath().getList("hits.entry.id");
            assertThat(ids(tagged)).as(p).containsOnly(k);

            String pattern = as().body(Map.of("name", p, "patternType", "error", "userId", p, "agentId", p,
                    "conditions", Map.of(p, p))).post("/v1/patterns").then().statusCode(201).extract().path("id");
            assertThat(ids(as().queryParam("userId", p).get("/v1/patterns").then().statusCode(200).extract().jsonPath()
                    .getList("items.id"))).as(p).containsExactly(pattern);

            String experience = as().body(Map.of("subject", p, "issueType", "inj_issue", "description", p, "actor", p,
                    "prompt", p, "actions", List.of(p), "success", false, "environment", Map.of(p, p)))
                    .post("/v1/experiences").then().statusCode(201).body("subject", equalTo(p)).extract().path("id");
            assertThat(ids(as().queryParam("subject", p).get("/v1/experiences").then().statusCode(200).extract()
                    .jsonPath().getList("items.id"))).as(p).containsExactly(experience);
            assertThat(ids(as().queryParam("actor", p).get("/v1/experiences").then().statusCode(200).extract()
                    .jsonPath().getList("items.id"))).as(p).containsExactly(experience);
            as().body(Map.of("subject", p, "issueType", "inj_issue", "description", p)).post("/v1/experiences/similar")
                    .then().statusCode(200);

            String context = as().body(Map.of("name", p, "userId", p, "description", p, "tags", List.of(p)))
                    .post("/v1/contexts").then().statusCode(201).body("name", equalTo(p)).extract().path("id");
            assertThat(ids(as().queryParam("userId", p).get("/v1/contexts").then().statusCode(200).extract().jsonPath()
                    .getList("items.id"))).as(p).containsExactly(context);
        }
        // payloads in path segments (subject names, session ids, cache keys) are names, nothing else
        for (String p : PAYLOADS) {
            String encoded = java.net.URLEncoder.encode(p, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
            as().urlEncodingEnabled(false).get("/v1/subjects/" + encoded + "/insights").then().statusCode(200)
                    .body("subject", equalTo(p)).body("totalAttempts", equalTo(1));
            // session ids and cache keys become parts of Redis keys: anything but a safe name is refused
            boolean safeName = p.matches("[A-Za-z0-9][A-Za-z0-9._-]*");
            as().urlEncodingEnabled(false).body(Map.of("messages", List.of(Map.of("role", "user", "content", p))))
                    .post("/v1/sessions/" + encoded + "/messages").then().statusCode(safeName ? 200 : 400);
            as().urlEncodingEnabled(false).body(Map.of("v", p)).put("/v1/cache/" + encoded).then()
                    .statusCode(safeName ? 200 : 400);
            // as values they are stored verbatim
            as().body(Map.of("messages", List.of(Map.of("role", "user", "content", p, "name", p, "metadata", Map.of(p, p)))))
                    .post("/v1/sessions/inj-session/messages").then().statusCode(200);
            as().body(Map.of(p, p)).put("/v1/temp/inj-value").then().statusCode(200);
            assertThat(as().get("/v1/temp/inj-value").then().statusCode(200).extract().jsonPath()
                    .getMap("value")).containsEntry(p, p);
        }
        List<Object> turns = as().get("/v1/sessions/inj-session").then().statusCode(200).extract().jsonPath()
                .getList("turns.content");
        assertThat(turns).containsExactlyElementsOf(new ArrayList<Object>(PAYLOADS));
        // the decoys are still alone under their own filters
        assertThat(as().queryParam("domain", "decoy").get("/v1/knowledge").then().extract().jsonPath().getList("items")).hasSize(1);
        assertThat(as().queryParam("userId", "decoy").get("/v1/patterns").then().extract().jsonPath().getList("items")).hasSize(1);
        assertThat(as().queryParam("subject", "decoy").get("/v1/experiences").then().extract().jsonPath().getList("items")).hasSize(1);
        assertThat(as().queryParam("userId", "decoy").get("/v1/contexts").then().extract().jsonPath().getList("items")).hasSize(1);
    }

    @Test
    void payloadsNeverReachAnotherTenant() {
        freshTenant();
        String keyA = key;
        for (String p : PAYLOADS) {
            as().body(Map.of("content", "tenant A " + p, "userId", p, "metadata", Map.of(p, p))).post("/v1/memories")
                    .then().statusCode(201);
        }
        freshTenant();
        for (String p : PAYLOADS) {
            assertThat(as().queryParam("userId", p).get("/v1/memories").then().statusCode(200).extract().jsonPath()
                    .getList("items")).as(p).isEmpty();
            for (String mode : List.of("semantic", "keyword", "hybrid")) {
                assertThat(as().body(Map.of("query", "tenant A " + p, "mode", mode, "metadata", Map.of(p, p)))
                        .post("/v1/memories/search").then().statusCode(200).extract().jsonPath().getList("hits"))
                        .as(mode + " " + p).isEmpty();
            }
        }
        key = keyA;
        assertThat(as().queryParam("limit", 100).get("/v1/memories").then().statusCode(200).extract().jsonPath()
                .getList("items")).hasSize(PAYLOADS.size());
    }

    private static List<String> ids(List<Object> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }
}
