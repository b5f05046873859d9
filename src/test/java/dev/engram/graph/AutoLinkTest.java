package dev.engram.graph;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.engram.graph.AssociationResourceTest.memory;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** New memories are linked to similar ones in the background, with the real model. */
@QuarkusTest
class AutoLinkTest {

    @Test
    void paraphrasesAreLinkedAndAnUnrelatedSentenceIsNot() throws InterruptedException {
        String user = "autolink-" + UUID.randomUUID();
        // unusual sentences: automatic links are tenant-wide and other test classes share the tenant
        String first = memory(user, "My pet iguana Zorblax refuses to eat kale.");
        String unrelated = memory(user, "The quarterly revenue of the Qwertania branch grew by twelve percent.");
        String paraphrase = memory(user, "Zorblax, my iguana, will not touch kale.");

        JsonPath links = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            links = given().get("/v1/memories/" + paraphrase + "/associations?direction=out").then().statusCode(200)
                    .extract().jsonPath();
            if (!links.getList("items").isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(links.getList("items.targetId")).contains(first).doesNotContain(unrelated);
        assertThat(links.getList("items.type")).containsOnly("similar");
        assertThat(links.getList("items.learnedAutomatically")).containsOnly(true);
        assertThat(links.getList("items.strength", Double.class)).allSatisfy(s ->
                assertThat(s).isGreaterThanOrEqualTo(0.75).isLessThanOrEqualTo(1.0)
                        .isEqualTo(Math.round(s * 1000) / 1000.0)); // stored with 3 decimals

        // the unrelated memory was queued before the paraphrase, so its turn has passed: no edge either way
        List<String> unrelatedLinks = given().get("/v1/memories/" + unrelated + "/associations").then().statusCode(200)
                .extract().path("items.sourceId");
        assertThat(unrelatedLinks).doesNotContain(first, paraphrase);
        List<String> unrelatedTargets = given().get("/v1/memories/" + unrelated + "/associations").then()
                .extract().path("items.targetId");
        assertThat(unrelatedTargets).doesNotContain(first, paraphrase);
        List<String> firstLinks = given().get("/v1/memories/" + first + "/associations?direction=in").then()
                .extract().path("items.sourceId");
        assertThat(firstLinks).contains(paraphrase);
    }
}
