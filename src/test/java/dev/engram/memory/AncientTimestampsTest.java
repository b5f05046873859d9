package dev.engram.memory;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Times before the Gregorian reform (1582-10-15) mean the same everywhere: in the API, in PostgreSQL and in SQL built
 * on them (export, filters). Before, JDBC's {@code java.sql.Timestamp} (a Julian calendar before the reform) shifted
 * them on the way: an {@code occurredAt} of 1066-10-14 was stored as 1066-10-08 and read back as 1066-10-14, so the
 * export said the 8th; a time imported as 0001-01-01 was read as 0000-12-30, which no client (and no revision) could
 * read back. Found by the import fuzz test.
 */
@QuarkusTest
class AncientTimestampsTest {

    @Inject
    AgroalDataSource db;

    @Test
    void aTimeBeforeTheGregorianReformIsStoredAndReadAsGiven() throws Exception {
        String hastings = "1066-10-14T09:00:00Z";
        String id = given().contentType(ContentType.JSON).body(Map.of("content", "The Battle of Hastings",
                        "occurredAt", hastings, "userId", "historian-" + UUID.randomUUID()))
                .post("/v1/memories").then().statusCode(201).body("occurredAt", equalTo(hastings)).extract().path("id");

        assertThat(stored("occurred_at", id)).isEqualTo("1066-10-14 09:00:00+00");
        given().get("/v1/memories/" + id).then().statusCode(200).body("occurredAt", equalTo(hastings));
        given().queryParam("until", "1066-10-15T00:00:00Z").queryParam("since", "1066-10-14T00:00:00Z")
                .get("/v1/memories").then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(id));

        // a search filter is plain JDBC: 1066-10-14 must fall between the 13th and the 15th, not six days earlier
        given().contentType(ContentType.JSON).body(Map.of("query", "Battle of Hastings", "since", "1066-10-13T00:00:00Z",
                        "until", "1066-10-15T00:00:00Z", "limit", 50))
                .post("/v1/memories/search").then().statusCode(200).body("hits.memory.id", org.hamcrest.Matchers.hasItem(id));
        String export = given().queryParam("embeddings", false).get("/v1/export").then().statusCode(200).extract().asString();
        assertThat(export.lines().filter(l -> l.contains(id)).findFirst().orElseThrow())
                .contains("\"occurredAt\":\"1066-10-14T09:00:00");

        // an experience's time goes through JDBC both ways
        String subject = "chronicler-" + UUID.randomUUID().toString().substring(0, 8);
        String experience = given().contentType(ContentType.JSON).body(Map.of("subject", subject, "issueType", "dates",
                        "description", "Dated the battle", "success", true, "occurredAt", hastings))
                .post("/v1/experiences").then().statusCode(201).body("occurredAt", equalTo(hastings)).extract().path("id");
        given().get("/v1/experiences/" + experience).then().statusCode(200).body("occurredAt", equalTo(hastings));
        given().queryParam("subject", subject).queryParam("since", "1066-10-14T00:00:00Z")
                .queryParam("until", "1066-10-15T00:00:00Z").get("/v1/experiences").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(experience));

        given().contentType(ContentType.JSON).body(Map.of("occurredAt", "0001-01-01T00:00:00Z"))
                .patch("/v1/memories/" + id).then().statusCode(200).body("occurredAt", equalTo("0001-01-01T00:00:00Z"));
        assertThat(stored("occurred_at", id)).isEqualTo("0001-01-01 00:00:00+00");
        given().get("/v1/memories/" + id + "/revisions").then().statusCode(200)
                .body("items[0].memory.occurredAt", equalTo(hastings));
    }

    private String stored(String column, String id) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select to_char(" + column + " at time zone 'UTC',"
                     + " 'YYYY-MM-DD HH24:MI:SS') || '+00' from memory where id = ?::uuid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
