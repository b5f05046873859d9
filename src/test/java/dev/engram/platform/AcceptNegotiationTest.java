package dev.engram.platform;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code Accept} with {@code q=0} means "not acceptable" (RFC 9110 §12.4.2): a client that refuses JSON gets a 406
 * problem, not JSON it said it cannot take (the framework's negotiation treated q=0 as a preference like any other).
 */
@QuarkusTest
class AcceptNegotiationTest {

    private static int status(String accept) {
        return given().header("Accept", accept).get("/v1/memories?limit=1").then().extract().statusCode();
    }

    @Test
    void mediaRangesOfQualityZeroAreRefused() {
        given().header("Accept", "application/json;q=0").get("/v1/memories?limit=1").then().statusCode(406)
                .contentType("application/problem+json")
                .body("type", equalTo("https://engram.dev/problems/not-acceptable"));
        assertThat(status("*/*;q=0")).isEqualTo(406);
        assertThat(status("application/json; q=0.0, */*;q=0")).isEqualTo(406);
        // what is left is negotiated as usual
        assertThat(status("application/json;q=0, text/html")).isEqualTo(406);
        assertThat(status("text/html")).isEqualTo(406);
    }

    @Test
    void everyOtherQualityIsAPreference() {
        assertThat(status("application/json")).isEqualTo(200);
        assertThat(status("application/json;q=0.5")).isEqualTo(200);
        assertThat(status("text/html;q=0, application/json;q=0.01")).isEqualTo(200);
        assertThat(status("*/*")).isEqualTo(200);
        assertThat(status("application/json;q=0.001")).isEqualTo(200);
    }

    @Test
    void qualityParsingKeepsWhatItDoesNotUnderstand() {
        assertThat(RequestGuard.withoutRefused("application/json;q=0")).isNull();
        assertThat(RequestGuard.withoutRefused("application/json;Q=0.000, text/csv")).isEqualTo("text/csv");
        assertThat(RequestGuard.withoutRefused("application/json;q=0.0001")).isEqualTo("application/json;q=0.0001");
        assertThat(RequestGuard.withoutRefused("application/json;q=zero")).isEqualTo("application/json;q=zero");
        assertThat(RequestGuard.withoutRefused("application/json;charset=utf-8")).isEqualTo("application/json;charset=utf-8");
    }
}
