package dev.engram.agentcontext;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class AgentContextTest {

    private final String user = "ctx-" + UUID.randomUUID();
    private String relevantMemory;
    private String unrelatedMemory;
    private String experience;
    private String knowledge;
    private String pattern;

    private static String post(String path, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(201).extract().path("id");
    }

    @BeforeEach
    void fixture() {
        relevantMemory = post("/v1/memories", Map.of("userId", user, "content",
                "The payments database times out when the connection pool is exhausted during the nightly batch."));
        unrelatedMemory = post("/v1/memories", Map.of("userId", user, "content",
                "The user's favourite holiday destination is Lisbon in spring."));
        experience = post("/v1/experiences", Map.of("subject", "payments-db-" + user, "issueType", "db_timeout",
                "description", "Connection timeouts to the payments database under load", "actor", "claude",
                "actions", List.of("raise the pool size to 50", "add a statement timeout"), "success", true,
                "verified", true));
        knowledge = post("/v1/knowledge", Map.of("name", "Pool sizing rule " + user, "knowledgeType", "rule",
                "domain", "databases", "description",
                "Size database connection pools from the number of concurrent queries, not from the thread count."));
        pattern = post("/v1/patterns", Map.of("name", "Checks the pool first " + user, "patternType", "behavioral",
                "userId", user, "confidence", 0.9, "description", "Timeouts are usually pool exhaustion"));
    }

    private JsonPath build(int maxTokens) {
        return given().contentType(ContentType.JSON).body(Map.of("query",
                        "Why does the payments database connection time out?", "issue",
                        Map.of("subject", "payments-db-" + user, "issueType", "db_timeout", "description",
                                "Connection timeouts to the payments database"), "userId", user,
                        "maxTokens", maxTokens))
                .post("/v1/context/build").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldBringTheRightItemsOfEveryKind() {
        JsonPath ctx = build(4000);
        assertThat(ctx.getList("memories.id", String.class)).first().isEqualTo(relevantMemory);
        assertThat(ctx.getList("experiences.id", String.class)).first().isEqualTo(experience);
        assertThat(ctx.getList("knowledge.id", String.class)).contains(knowledge);
        assertThat(ctx.getList("patterns.id", String.class)).containsExactly(pattern);
        assertThat(ctx.getString("text"))
                .contains("Relevant memories:", "Past experiences:", "Knowledge:", "Learned patterns:")
                .contains("SUCCEEDED (verified) — db_timeout", "raise the pool size to 50")
                .contains("Pool sizing rule " + user).contains("Checks the pool first " + user);
        assertThat(ctx.getInt("tokens")).isLessThanOrEqualTo(4000);
    }

    @Test
    void shouldRespectTheTokenBudget() {
        JsonPath full = build(4000);
        JsonPath small = build(80);
        assertThat(small.getInt("tokens")).isLessThanOrEqualTo(80);
        assertThat((small.getString("text").length() + 3) / 4).isLessThanOrEqualTo(80);
        assertThat(small.getInt("omitted")).isGreaterThan(full.getInt("omitted"));
        // the best memory still comes first; fewer items fit than in the full context
        assertThat(small.getList("memories.id", String.class)).first().isEqualTo(relevantMemory);
        assertThat(items(small)).isLessThan(items(full));
        assertThat(items(full)).isGreaterThanOrEqualTo(5);
        assertThat(full.getList("memories.id", String.class)).containsExactly(relevantMemory, unrelatedMemory);
    }

    private static int items(JsonPath ctx) {
        return ctx.getList("memories").size() + ctx.getList("experiences").size() + ctx.getList("knowledge").size()
                + ctx.getList("patterns").size();
    }

    @Test
    void shouldRejectARequestWithNothingToSearchFor() {
        given().contentType(ContentType.JSON).body(Map.of("maxTokens", 100)).post("/v1/context/build").then()
                .statusCode(400).body("type", org.hamcrest.Matchers.endsWith("/validation-failed"));
        given().contentType(ContentType.JSON).body(Map.of("query", "x", "maxTokens", 10)).post("/v1/context/build")
                .then().statusCode(400);
    }
}
