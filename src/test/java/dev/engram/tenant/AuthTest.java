package dev.engram.tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class AuthTest {

    private static final String PROBLEMS = "https://engram.dev/problems/";

    @BeforeEach
    void noDefaultKey() {
        TestAuth.withoutDefaultKey();
    }

    @AfterEach
    void restoreDefaultKey() {
        TestAuth.useDefaultKey();
    }

    private static RequestSpecification as(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key);
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldAnswer401ProblemWithoutAValidKey() {
        RestAssured.given().get("/v1/memories").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo(PROBLEMS + "unauthorized"));
        RestAssured.given().header("Authorization", "Basic dXNlcjpwYXNz").get("/v1/memories").then().statusCode(401);
        as("not-a-key").get("/v1/memories").then().statusCode(401).body("type", equalTo(PROBLEMS + "unauthorized"));
        String key = TestAuth.newKey(tenant(), Scope.READ);
        String wrongSecret = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
        as(wrongSecret).get("/v1/memories").then().statusCode(401).body("detail", not(containsString(key)));
        String unknown = "egm_" + UUID.randomUUID().toString().replace("-", "") + key.substring(key.length() - 44);
        as(unknown).get("/v1/memories").then().statusCode(401);
    }

    @Test
    void healthAndOpenApiShouldStayOpen() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/q/health/live").then().statusCode(200);
        RestAssured.given().get("/q/openapi").then().statusCode(200);
        RestAssured.given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void scopesShouldDecideWhatAKeyMayDo() {
        String tenant = tenant();
        String reader = TestAuth.newKey(tenant, Scope.READ);
        String writer = TestAuth.newKey(tenant, Scope.WRITE);
        String id = as(writer).contentType(ContentType.JSON).body(Map.of("content", "Scoped memory about tea"))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        as(writer).get("/v1/memories/" + id).then().statusCode(403).body("type", equalTo(PROBLEMS + "forbidden"))
                .body("detail", containsString("'read'"));
        as(reader).get("/v1/memories/" + id).then().statusCode(200);
        as(reader).contentType(ContentType.JSON).body(Map.of("query", "tea")).post("/v1/memories/search")
                .then().statusCode(200).body("hits.memory.id", hasItem(id));
        as(reader).contentType(ContentType.JSON).body(Map.of("content", "nope")).post("/v1/memories")
                .then().statusCode(403);
        as(reader).delete("/v1/memories/" + id).then().statusCode(403);
        as(reader).get("/v1/admin/tenants/" + tenant + "/keys").then().statusCode(403);
    }

    @Test
    void theTenantShouldComeFromTheKeyOnly() {
        String a = TestAuth.newKey(tenant(), Scope.READ, Scope.WRITE);
        String b = TestAuth.newKey(tenant(), Scope.READ, Scope.WRITE);
        String id = as(a).contentType(ContentType.JSON).body(Map.of("content", "Tenant A's secret plan: blue kites"))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
        as(b).get("/v1/memories/" + id).then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"));
        as(b).delete("/v1/memories/" + id).then().statusCode(404);
        as(b).contentType(ContentType.JSON).body(Map.of("query", "secret plan blue kites"))
                .post("/v1/memories/search").then().statusCode(200).body("hits.memory.id", not(hasItem(id)));
        as(b).header("X-Tenant-Id", "default").get("/v1/memories/" + id).then().statusCode(404);
        as(a).get("/v1/memories/" + id).then().statusCode(200);
    }

    @Test
    void revocationShouldTakeEffectAtOnce() {
        String tenant = tenant();
        String key = TestAuth.newKey(tenant, Scope.READ);
        as(key).get("/v1/memories").then().statusCode(200);
        List<Map<String, Object>> keys = as(TestAuth.OPERATOR_KEY).get("/v1/admin/tenants/" + tenant + "/keys")
                .then().statusCode(200).body("key", not(hasItem(notNullValue()))).extract().path("$");
        String keyId = (String) keys.get(0).get("id");
        assertThat(key).contains(keyId.replace("-", ""));
        as(TestAuth.OPERATOR_KEY).delete("/v1/admin/tenants/" + tenant + "/keys/" + keyId).then().statusCode(204);
        as(key).get("/v1/memories").then().statusCode(401).body("detail", containsString("revoked"));
        as(TestAuth.OPERATOR_KEY).get("/v1/admin/tenants/" + tenant + "/keys").then().statusCode(200)
                .body("[0].revokedAt", notNullValue());
    }

    @Test
    void deactivatedTenantsAndExpiredKeysShouldBeRejected() throws InterruptedException {
        String tenant = tenant();
        String key = TestAuth.newKey(tenant, Scope.READ);
        as(key).get("/v1/memories").then().statusCode(200);
        as(TestAuth.OPERATOR_KEY).delete("/v1/admin/tenants/" + tenant).then().statusCode(204);
        as(key).get("/v1/memories").then().statusCode(401);

        String other = tenant();
        as(TestAuth.OPERATOR_KEY).contentType(ContentType.JSON).body(Map.of("id", other, "name", "Other"))
                .post("/v1/admin/tenants").then().statusCode(201);
        Instant expiry = Instant.now().plusSeconds(6);
        String shortLived = as(TestAuth.OPERATOR_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "short", "scopes", List.of("read"), "expiresAt", expiry.toString()))
                .post("/v1/admin/tenants/" + other + "/keys").then().statusCode(201).extract().path("key");
        if (Instant.now().isBefore(expiry.minusSeconds(1))) {
            as(shortLived).get("/v1/memories").then().statusCode(200);
        }
        Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis() + 300));
        as(shortLived).get("/v1/memories").then().statusCode(401).body("detail", containsString("expired"));
    }

    @Test
    void adminApiShouldBeForTheOperatorAndOwnTenantAdmins() {
        String tenant = tenant();
        as(TestAuth.OPERATOR_KEY).contentType(ContentType.JSON).body(Map.of("id", tenant, "name", "Acme"))
                .post("/v1/admin/tenants").then().statusCode(201).header("Location", containsString(tenant));
        as(TestAuth.OPERATOR_KEY).contentType(ContentType.JSON).body(Map.of("id", tenant, "name", "Acme"))
                .post("/v1/admin/tenants").then().statusCode(409).body("type", equalTo(PROBLEMS + "conflict"));
        as(TestAuth.OPERATOR_KEY).contentType(ContentType.JSON).body(Map.of("id", "Bad Id!", "name", "x"))
                .post("/v1/admin/tenants").then().statusCode(400);
        as(TestAuth.OPERATOR_KEY).contentType(ContentType.JSON).body(Map.of("name", "k", "scopes", List.of("root")))
                .post("/v1/admin/tenants/" + tenant + "/keys").then().statusCode(400);
        as(TestAuth.OPERATOR_KEY).get("/v1/memories").then().statusCode(403);

        String tenantAdmin = as(TestAuth.OPERATOR_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "ops", "scopes", List.of("admin", "read")))
                .post("/v1/admin/tenants/" + tenant + "/keys").then().statusCode(201)
                .body("key", notNullValue()).body("redacted", containsString("…")).extract().path("key");
        as(tenantAdmin).contentType(ContentType.JSON).body(Map.of("name", "ci", "scopes", List.of("write")))
                .post("/v1/admin/tenants/" + tenant + "/keys").then().statusCode(201);
        as(tenantAdmin).get("/v1/admin/tenants/" + tenant + "/keys").then().statusCode(200)
                .body("size()", equalTo(2)).body("[0].key", nullValue());
        as(tenantAdmin).get("/v1/admin/tenants/default/keys").then().statusCode(404);
        as(tenantAdmin).get("/v1/admin/tenants").then().statusCode(403);
        as(tenantAdmin).contentType(ContentType.JSON).body(Map.of("id", tenant() , "name", "x"))
                .post("/v1/admin/tenants").then().statusCode(403);
    }

    @Test
    void aNullScopeShouldBe400NotA500() {
        String tenant = tenant();
        TestAuth.newKey(tenant, Scope.READ);
        as(TestAuth.OPERATOR_KEY).contentType(ContentType.JSON).body("{\"name\":\"k\",\"scopes\":[null]}")
                .post("/v1/admin/tenants/" + tenant + "/keys").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "validation-failed"))
                .body("violations[0].field", containsString("scopes"));
        as(TestAuth.OPERATOR_KEY).contentType(ContentType.JSON).body("{\"name\":\"k\",\"scopes\":[\"read\",null]}")
                .post("/v1/admin/tenants/" + tenant + "/keys").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "validation-failed"));
        as(TestAuth.OPERATOR_KEY).get("/v1/admin/tenants/" + tenant + "/keys").then().statusCode(200)
                .body("size()", equalTo(1));
    }
}
