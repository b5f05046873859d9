package dev.engram.platform;

import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Input limits and text validation on every route (docs/security.md, "Input limits"). Each test here pins a bug the
 * API fuzzer ({@link ApiFuzzTest}) found: before the fix, each of these requests was answered with a 500 or a
 * response without a problem body.
 */
@QuarkusTest
class InputLimitsTest {

    private static ValidatableResponse problem(Response r, int status, String type) {
        assertThat(ApiFuzzTest.LEAK.matcher(r.asString()).find()).as(r.asString()).isFalse();
        return r.then().statusCode(status).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.BASE + type)).body("status", equalTo(status));
    }

    private static Response postRaw(String path, String json) {
        return given().contentType(ContentType.JSON).body(json.getBytes(StandardCharsets.UTF_8)).post(path);
    }

    private static RawHttp.Reply raw(String method, String target, String contentType, byte[] body) throws Exception {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[]{"Authorization", "Bearer " + TestAuth.defaultKey()});
        if (contentType != null) {
            headers.add(new String[]{"Content-Type", contentType});
        }
        return RawHttp.send("localhost", RestAssured.port, new RawHttp.Request(method, target, headers, body), 15_000);
    }

    @Test
    void nulInABodyStringIsInvalidTextNotA500() {
        // PostgreSQL text and jsonb reject NUL: a memory's content, a knowledge entry's createdBy, a nested jsonb key
        problem(postRaw("/v1/memories", "{\"content\": \"a\\u0000b\"}"), 400, "invalid-text")
                .body("detail", containsString("NUL"));
        problem(postRaw("/v1/knowledge", "{\"name\": \"n\", \"createdBy\": \"a\\u0000b\"}"), 400, "invalid-text");
        problem(postRaw("/v1/experiences", "{\"subject\": \"s\", \"issueType\": \"t\", \"description\": \"d\", "
                + "\"success\": true, \"environment\": {\"a\": {\"k\\u0000\": 1}}}"), 400, "invalid-text");
        // an escaped backslash followed by "u0000" is ordinary text and is stored verbatim
        String id = postRaw("/v1/memories", "{\"content\": \"path C:\\\\u0000dir\"}").then().statusCode(201)
                .extract().path("id");
        given().get("/v1/memories/" + id).then().body("content", equalTo("path C:\\u0000dir"));
    }

    @Test
    void textTheModelCannotReadIsInvalidTextNotAnOutage() {
        // the tokenizer drops zero-width, format, control and combining characters: such a text has no tokens (the
        // fuzzer's {"prompt":"\u200b"} was a 503 "embedding model unavailable")
        for (String unreadable : List.of("\u200b", "\ufeff\u200b", "\u0301", "\u2060\u00ad")) {
            problem(postRaw("/v1/memories", "{\"content\": \"" + unreadable + "\"}"), 400, "invalid-text")
                    .body("detail", containsString("no characters the embedding model reads"));
            problem(postRaw("/v1/memories/search", "{\"query\": \"" + unreadable + "\"}"), 400, "invalid-text");
            problem(postRaw("/v1/experiences/similar", "{\"prompt\": \"" + unreadable + "\"}"), 400, "invalid-text");
        }
        // nothing was stored, and the model still serves readable text
        postRaw("/v1/memories", "{\"content\": \"zero\u200bwidth joiners inside a word are fine\"}").then().statusCode(201);
    }

    @Test
    void unpairedSurrogatesAndInvalidUtf8AreInvalidText() throws Exception {
        problem(postRaw("/v1/memories", "{\"content\": \"x\\ud800y\"}"), 400, "invalid-text")
                .body("detail", containsString("surrogate"));
        problem(postRaw("/v1/memories", "{\"content\": \"x\", \"metadata\": {\"\\udc00\": 1}}"), 400, "invalid-text");
        // a correctly escaped pair is an ordinary astral character
        String id = postRaw("/v1/memories", "{\"content\": \"clef \\ud834\\udd1e\"}").then().statusCode(201)
                .extract().path("id");
        given().get("/v1/memories/" + id).then().body("content", equalTo("clef \uD834\uDD1E"));

        for (byte[] bad : List.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xFF})) {
            byte[] body = concat("{\"content\": \"x".getBytes(StandardCharsets.UTF_8), bad, "\"}".getBytes(StandardCharsets.UTF_8));
            RawHttp.Reply reply = raw("POST", "/v1/memories", "application/json", body);
            assertThat(reply.status()).as(reply.text()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
            assertThat(reply.text()).contains("invalid-text").contains("UTF-8");
        }
    }

    @Test
    void nulOrBadEscapesInPathAndQueryAreInvalidParameters() throws Exception {
        problem(given().urlEncodingEnabled(false).get("/v1/contexts?userId=%00"), 400, "invalid-parameter")
                .body("violations[0].in", equalTo("query"));
        problem(given().urlEncodingEnabled(false).get("/v1/contexts?type=a%00"), 400, "invalid-parameter");
        problem(given().urlEncodingEnabled(false).header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .get("/v1/admin/tenants?after=%00"), 400, "invalid-parameter");
        problem(given().urlEncodingEnabled(false).header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .get("/v1/admin/tenants/%00"), 400, "invalid-parameter").body("violations[0].in", equalTo("path"));
        problem(given().urlEncodingEnabled(false).get("/v1/memories?userId=%C3%28"), 400, "invalid-parameter")
                .body("detail", containsString("UTF-8"));
        problem(given().urlEncodingEnabled(false).get("/v1/sessions/%ED%A0%80"), 400, "invalid-parameter");
        // well-formed non-ASCII parameters are fine
        given().queryParam("userId", "Zoë 😀").get("/v1/memories").then().statusCode(200);
    }

    @Test
    void aBlankPathIdIsAnInvalidParameterNotA500() {
        // found in review: a blank {id} was taken as "absent" (null), a 500 on associations, "Memory null" elsewhere
        for (String path : List.of("/v1/memories/%20/associations", "/v1/memories/%20", "/v1/contexts/%20%20")) {
            problem(given().urlEncodingEnabled(false).get(path), 400, "invalid-parameter")
                    .body("violations[0].field", equalTo("id")).body("violations[0].in", equalTo("path"));
        }
        problem(given().urlEncodingEnabled(false).header("Authorization", "Bearer " + TestAuth.OPERATOR_KEY)
                .delete("/v1/admin/tenants/default/keys/%20"), 400, "invalid-parameter")
                .body("violations[0].field", equalTo("keyId"));
    }

    @Test
    void timestampsOutsideWhatPostgresqlStoresAreRefused() {
        // until=-999999999-01-01T00:00:00Z used to reach PostgreSQL ("timestamp out of range") and end in a 500
        problem(given().queryParam("until", "-999999999-01-01T00:00:00Z").get("/v1/experiences"), 400,
                "invalid-parameter").body("violations[0].field", equalTo("until"));
        problem(given().queryParam("since", "+1000000000-01-01T00:00:00Z").get("/v1/memories"), 400, "invalid-parameter");
        problem(given().contentType(ContentType.JSON).body(Map.of("content", "x", "occurredAt", "-999999999-01-01T00:00:00Z"))
                .post("/v1/memories"), 400, "validation-failed").body("violations[0].field", equalTo("occurredAt"))
                .body("detail", containsString("between the years 1 and 9999"));
        // a forged paging cursor carrying such a time
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("31556889864403199:0:" + java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        for (String path : List.of("/v1/memories", "/v1/contexts", "/v1/experiences", "/v1/knowledge", "/v1/patterns",
                "/v1/associations", "/v1/maintenance/runs")) {
            problem(given().queryParam("cursor", forged).get(path), 400, "invalid-parameter");
        }
        given().contentType(ContentType.JSON).body(Map.of("content", "Roman times", "occurredAt", "0044-03-15T12:00:00Z"))
                .post("/v1/memories").then().statusCode(201).body("occurredAt", equalTo("0044-03-15T12:00:00Z"));
    }

    @Test
    void formBodiesAreUnsupportedMediaTypesEvenWhereNoBodyIsRead() {
        // multipart parsing used to fail inside the framework with a 500 on routes that take no body
        problem(given().contentType("multipart/form-data; boundary=x").post("/v1/maintenance/decay"), 415,
                "unsupported-media-type");
        problem(given().contentType("multipart/form-data; boundary=x").get("/v1/events"), 415, "unsupported-media-type");
        problem(given().contentType("application/x-www-form-urlencoded").body("content=x").post("/v1/memories"), 415,
                "unsupported-media-type");
        // an empty form body is what clients send with a body-less POST: it passes
        given().contentType("application/x-www-form-urlencoded").post("/v1/maintenance/decay").then().statusCode(201);
    }

    @Test
    void duplicateKeysAreRejectedInsteadOfA500() {
        // {"success":1,"success":false} used to end in a framework 500 without a body (creator property set twice)
        String pattern = given().contentType(ContentType.JSON).body(Map.of("name", "dup", "patternType", "error"))
                .post("/v1/patterns").then().statusCode(201).extract().path("id");
        problem(postRaw("/v1/patterns/" + pattern + "/applications", "{\"success\": true, \"success\": false}"), 400,
                "malformed-json").body("detail", containsString("'success' twice"));
        problem(postRaw("/v1/memories", "{\"content\": \"a\", \"content\": \"b\"}"), 400, "malformed-json");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        Object deep = "bottom";
        for (int i = 0; i < 40; i++) {
            deep = Map.of("d", deep);
        }
        problem(given().contentType(ContentType.JSON).body(Map.of("content", "x", "metadata", deep)).post("/v1/memories"),
                400, "malformed-json").body("detail", containsString("max-json-depth"));
        Object ok = "bottom";
        for (int i = 0; i < 20; i++) {
            ok = Map.of("d", ok);
        }
        given().contentType(ContentType.JSON).body(Map.of("content", "x", "metadata", ok)).post("/v1/memories")
                .then().statusCode(201);
    }

    @Test
    void bodiesOverTheRouteLimitAre413Problems() throws Exception {
        String big = "{\"content\": \"x\", \"metadata\": {\"pad\": \"" + "a".repeat(4_200_000) + "\"}}";
        problem(postRaw("/v1/memories", big), 413, "content-too-large").body("limitBytes", equalTo(4_194_304));
        problem(given().contentType(ContentType.JSON).body(big).put("/v1/cache/big"), 413, "content-too-large");

        // the batch route takes more than 4 MiB: 1001 memories of 4.5 KB pass the body limit and meet the batch limit
        List<Map<String, Object>> memories = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            memories.add(new LinkedHashMap<>(Map.of("content", "m" + i + " " + "b".repeat(4500))));
        }
        problem(given().contentType(ContentType.JSON).body(Map.of("memories", memories)).post("/v1/memories/batch"), 400,
                "validation-failed").body("detail", containsString("1000"));

        // over the HTTP layer's limit (quarkus.http.limits.max-body-size, 40M) even the batch route refuses
        byte[] huge = new byte[41 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        RawHttp.Reply reply = raw("POST", "/v1/memories/batch", "application/json", huge);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.text()).contains("content-too-large");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
