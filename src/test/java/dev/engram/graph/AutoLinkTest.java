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
        String first = memory(user, "My daughter is allergic to peanuts.");
        String unrelated = memory(user, "The quarterly revenue grew by twelve percent in Asia.");
        String paraphrase = memory(user, "My daughter has a peanut allergy.");

        JsonPath links = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            links = given().get("/v1/memories/" + paraphrase + "/associations?direction=out").then().statusCode(200)
                    .extract().jsonPath();
            if (!links.getList("items").isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(links.getList("items.targetId")).containsExactly(first);
        assertThat(links.getString("items[0].type")).isEqualTo("similar");
        assertThat(links.getBoolean("items[0].learnedAutomatically")).isTrue();
        assertThat(links.getDouble("items[0].strength")).isGreaterThanOrEqualTo(0.75).isLessThanOrEqualTo(1.0);

        // the unrelated memory was queued before the paraphrase, so its turn has passed: no edge either way
        List<String> unrelatedLinks = given().get("/v1/memories/" + unrelated + "/associations").then().statusCode(200)
                .extract().path("items.id");
        assertThat(unrelatedLinks).isEmpty();
        List<String> firstLinks = given().get("/v1/memories/" + first + "/associations?direction=in").then()
                .extract().path("items.sourceId");
        assertThat(firstLinks).containsExactly(paraphrase);
    }
}
