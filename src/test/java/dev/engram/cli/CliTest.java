package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.tenant.Scope;
import dev.engram.tenant.TestAuth;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every CLI command, run in-process against the running test server with a real key of a fresh tenant: the human
 * tables, {@code --json} (parsed), and the exit codes for a bad key, a missing scope, 404, connection refused and
 * usage errors.
 */
@QuarkusTest
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "meta-llama/Llama-3.2-1B Instruct";

    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path dir;

    @Inject
    AgroalDataSource db;

    private String tenant;
    private String key;
    private CliRunner cli;

    @BeforeEach
    void setUp() {
        tenant = "cli-" + UUID.randomUUID();
        key = TestAuth.newKey(tenant, Scope.values());
        cli = new CliRunner(server.toString(), key).workingDirectory(dir);
    }

    @Test
    void shouldShowStatsAsATableAndAsTheServersJson() throws Exception {
        store("Alice prefers tea over coffee", "preference", "alice");
        store("Bob works on the billing service", "semantic", "bob");
        store("Alice visited Lisbon in May", "episodic", "alice");

        CliRunner.Run table = cli.run("stats");
        CliRunner.Run json = cli.run("stats", "--json", "--days", "7");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).containsPattern("Memories:\\s+3 \\(permanent 0")
                .containsPattern("(?m)^TYPE\\s+MEMORIES\\s+AVG IMPORTANCE$").containsPattern("(?m)^preference\\s+1\\s")
                .containsPattern("(?m)^alice\\s+2$");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode stats = JSON.readTree(json.stdout());
        assertThat(stats.path("totalMemories").asInt()).isEqualTo(3);
        assertThat(stats.path("days").asInt()).isEqualTo(7);
        assertThat(table.stderr() + json.stderr()).isEmpty();
    }

    @Test
    void shouldShowInsightsOfASubjectWithSlashesAndSpaces() throws Exception {
        experience(SUBJECT, "empty_response", true, Duration.ofHours(1), List.of("retry", "add system prompt"));
        experience(SUBJECT, "empty_response", false, Duration.ofHours(2), List.of("retry"));
        experience(SUBJECT, "repetition", true, Duration.ofHours(3), List.of("lower temperature"));

        CliRunner.Run table = cli.run("insights", SUBJECT);
        CliRunner.Run json = cli.run("--json", "insights", SUBJECT, "--limit", "1");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).contains(SUBJECT).containsPattern("Attempts:\\s+3")
                .containsPattern("Successes:\\s+2 \\(66.7%\\)").containsPattern("empty_response\\s+2\\s+1\\s+50.0%")
                .contains("retry → add system prompt");
        JsonNode insights = JSON.readTree(json.stdout());
        assertThat(insights.path("subject").asText()).isEqualTo(SUBJECT);
        assertThat(insights.path("totalAttempts").asInt()).isEqualTo(3);
        assertThat(insights.path("recentHistory")).hasSize(1);
    }

    @Test
    void shouldExitOneWithTheProblemForAnUnknownSubject() {
        CliRunner.Run run = cli.run("insights", "no-such-model");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("engram: Resource not found").contains("(HTTP 404)");
    }

    @Test
    void shouldListRecentAndSuccessfulExperiences() throws Exception {
        String recentFix = experience("qwen2.5-coder", "timeout", true, Duration.ofDays(1), List.of("raise the limit"));
        String recentFailure = experience("qwen2.5-coder", "timeout", false, Duration.ofDays(2), List.of("retry"));
        String oldFix = experience("gpt-4o", "refusal", true, Duration.ofDays(30), List.of("rephrase"));

        CliRunner.Run week = cli.run("recent", "7");
        JsonNode weekJson = JSON.readTree(cli.run("recent", "7", "--json").stdout());
        JsonNode quarter = JSON.readTree(cli.run("recent", "90", "--json", "--limit", "2").stdout());
        CliRunner.Run successful = cli.run("successful");
        JsonNode successfulJson = JSON.readTree(cli.run("successful", "--json", "--subject", "gpt-4o").stdout());

        assertThat(week.exitCode()).as(week.toString()).isZero();
        assertThat(week.stdout()).contains(recentFix).contains(recentFailure).doesNotContain(oldFix)
                .containsPattern("qwen2.5-coder\\s+timeout\\s+yes\\s+claude\\s+raise the limit");
        assertThat(ids(weekJson)).as("most recently recorded first").containsExactly(recentFailure, recentFix);
        assertThat(ids(quarter)).as("--limit").containsExactly(oldFix, recentFailure);
        assertThat(quarter.path("nextCursor").isTextual()).as("more to read").isTrue();
        assertThat(successful.exitCode()).as(successful.toString()).isZero();
        assertThat(successful.stdout()).contains(recentFix).contains(oldFix).doesNotContain(recentFailure);
        assertThat(ids(successfulJson)).containsExactly(oldFix);
        assertThat(cli.run("recent", "3", "--memories").stdout()).contains("No memories in the last 3 days.");
    }

    @Test
    void shouldFollowCursorsAcrossPages() {
        List<String> newestFirst = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.add(0, experience("mistral-7b", "format", true, Duration.ofMinutes(10 - i), List.of("fix " + i)));
        }
        EngramClient client = new EngramClient(Settings.url(server.toString(), Map.of()), key, Duration.ofSeconds(30),
                false, new java.io.PrintWriter(java.io.Writer.nullWriter()));

        JsonNode all = Pages.collect(client, "/v1/experiences", new EngramClient.Query().with("success", true), 1000, 2);
        JsonNode four = Pages.collect(client, "/v1/experiences", new EngramClient.Query(), 4, 3);

        assertThat(ids(all)).as("three pages of two").containsExactlyElementsOf(newestFirst);
        assertThat(all.path("nextCursor").isNull()).isTrue();
        assertThat(ids(four)).containsExactlyElementsOf(newestFirst.subList(0, 4));
        assertThat(four.path("nextCursor").isTextual()).isTrue();
    }

    @Test
    void shouldListLearningAndIssuePatterns() throws Exception {
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("name", "Prefers short answers", "patternType", "preference", "userId", "alice",
                        "description", "Answers under 100 words get better feedback", "confidence", 0.7))
                .post("/v1/patterns").then().statusCode(201);
        experience("llama-3.1-8b", "repetition", true, Duration.ofHours(1), List.of("lower temperature"));

        CliRunner.Run learning = cli.run("patterns");
        JsonNode learningJson = JSON.readTree(cli.run("patterns", "--json", "--type", "preference").stdout());
        CliRunner.Run issues = cli.run("patterns", "--issues");
        JsonNode issuesJson = JSON.readTree(cli.run("patterns", "--issues", "--json").stdout());

        assertThat(learning.exitCode()).as(learning.toString()).isZero();
        assertThat(learning.stdout()).containsPattern("Prefers short answers\\s+preference\\s+0.70\\s+0\\s+-\\s+yes\\s+alice");
        assertThat(learningJson.path("items").get(0).path("name").asText()).isEqualTo("Prefers short answers");
        assertThat(issues.stdout()).containsPattern("repetition\\s+llama\\s+1\\s+100.0%").contains("lower temperature");
        assertThat(issuesJson.get(0).path("issueType").asText()).isEqualTo("repetition");
        CliRunner.Run mixed = cli.run("patterns", "--issues", "--user", "alice");
        assertThat(mixed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(mixed.stderr()).contains("not --issues");
    }

    @Test
    void shouldSearchMemories() throws Exception {
        String tea = store("Alice prefers green tea in the afternoon", "preference", "alice");
        store("The quarterly report is due on Friday", "semantic", "bob");

        CliRunner.Run table = cli.run("search", "what", "does", "Alice", "drink", "--limit", "1");
        JsonNode json = JSON.readTree(cli.run("search", "afternoon tea", "--json", "--user", "alice").stdout());

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).containsPattern("(?m)^SCORE\\s+TYPE\\s+USER\\s+IMPORTANCE\\s+CONTENT\\s+ID$")
                .contains("Alice prefers green tea in the afternoon").contains(tea).contains("1 hit (hybrid");
        assertThat(json.path("hits").get(0).path("memory").path("id").asText()).isEqualTo(tea);
        assertThat(json.path("hits")).hasSize(1);
        CliRunner.Run bad = cli.run("search", "tea", "--mode", "psychic");
        assertThat(bad.exitCode()).as("the server's 400").isEqualTo(ExitCodes.PROBLEM);
        assertThat(bad.stderr()).contains("(HTTP 400)");
    }

    @Test
    void shouldDryRunAndRunCleanup() throws Exception {
        String expired = store("Door code 4711 until noon", "semantic", "alice");
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update memory set expires_at = now() - interval '1 minute' where id = ?::uuid")) {
            ps.setString(1, expired);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        CliRunner.Run dry = cli.run("cleanup", "30", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.stdout()).contains("Dry run: would delete 1 expired").containsPattern("(?m)^expired\\s+1$")
                .containsPattern("(?m)^age\\s+0$");
        given().header("Authorization", "Bearer " + key).get("/v1/memories/" + expired).then().statusCode(200);

        JsonNode run = JSON.readTree(cli.run("--json", "cleanup", "30", "--min-importance", "0.2",
                "--max-access-count", "1").stdout());
        assertThat(run.path("deleted").asInt()).isEqualTo(1);
        assertThat(run.path("parameters").path("maxAgeDays").asInt()).isEqualTo(30);
        assertThat(run.path("parameters").path("maxAccessCount").asInt()).isEqualTo(1);
        given().header("Authorization", "Bearer " + key).get("/v1/memories/" + expired).then().statusCode(404);
    }

    @Test
    void shouldConsolidateNearDuplicates() throws Exception {
        store("Alice is allergic to peanuts", "semantic", "alice");
        store("Alice is allergic to peanuts.", "semantic", "alice");

        JsonNode preview = JSON.readTree(cli.run("consolidate", "--dry-run", "--json", "--threshold", "0.9").stdout());
        CliRunner.Run real = cli.run("consolidate", "--window-hours", "24");

        assertThat(preview.path("type").asText()).isEqualTo("consolidation");
        assertThat(preview.path("parameters").path("dryRun").asBoolean()).isTrue();
        assertThat(preview.path("parameters").path("similarityThreshold").asDouble()).isEqualTo(0.9);
        assertThat(preview.path("groups")).hasSize(1);
        assertThat(real.exitCode()).as(real.toString()).isZero();
        assertThat(real.stdout()).contains("Merged 1 near-duplicate memories into 1 survivors")
                .containsPattern("(?m)^merged\\s+1$").contains("SURVIVOR");
        CliRunner.Run bad = cli.run("consolidate", "--threshold", "0.1");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(bad.stderr()).contains("similarityThreshold");
    }

    @Test
    void shouldExitFourForABadKeyOrAMissingScopeAndNeverPrintTheKey() {
        String wrong = "egm_00000000000000000000000000000000_notTheRightSecretAtAll0123456789";
        CliRunner.Run unauthorized = new CliRunner(server.toString(), wrong).run("stats", "--verbose");
        assertThat(unauthorized.exitCode()).as(unauthorized.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(unauthorized.stderr()).contains("Authentication required").contains("(HTTP 401)")
                .contains("> GET " + server).contains("Bearer <redacted>").doesNotContain(wrong)
                .doesNotContain("notTheRightSecretAtAll");

        CliRunner.Run none = new CliRunner(server.toString(), null).workingDirectory(dir).run("stats");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.AUTH);

        String readOnly = TestAuth.newKey(tenant, Scope.READ);
        CliRunner.Run forbidden = new CliRunner(server.toString(), readOnly).run("cleanup", "30", "--verbose");
        assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(forbidden.stderr()).contains("(HTTP 403)").doesNotContain(readOnly);
        assertThat(forbidden.stdout()).isEmpty();
    }

    @Test
    void shouldTakeTheKeyAndUrlFromTheEnvironmentOrTheKeyFile() throws Exception {
        store("Carol likes jazz", "preference", "carol");
        Map<String, String> env = new HashMap<>();
        env.put("ENGRAM_URL", server.toString());
        env.put("ENGRAM_KEY", key);
        CliRunner.Run fromEnv = new CliRunner(null, null).env(env).workingDirectory(dir).run("stats", "--json");
        assertThat(fromEnv.exitCode()).as(fromEnv.toString()).isZero();
        assertThat(JSON.readTree(fromEnv.stdout()).path("totalMemories").asInt()).isEqualTo(1);

        Files.createDirectories(dir.resolve(".engram"));
        Files.writeString(dir.resolve(".engram/api-key"), key + "\n");
        CliRunner.Run fromFile = new CliRunner(null, null).env(Map.of("ENGRAM_URL", server.toString()))
                .workingDirectory(dir).run("--json", "stats");
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(JSON.readTree(fromFile.stdout()).path("totalMemories").asInt()).isEqualTo(1);
    }

    @Test
    void shouldExitThreeWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + port;
        CliRunner.Run run = new CliRunner(nowhere, key).run("stats");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.stderr()).contains("cannot connect to " + nowhere).doesNotContain(key);
    }

    @Test
    void shouldExitTwoForUsageErrors() {
        assertThat(cli.run("recent").exitCode()).as("missing DAYS").isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("recent", "seven").exitCode()).as("not a number").isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("recent", "0").exitCode()).as("out of range").isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("stats", "--bogus").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("vacuum").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.raw().exitCode()).as("no command").isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("--url", "localhost:8080", "stats").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRunner.Run unknown = cli.run("stats", "--bogus");
        assertThat(unknown.stderr()).contains("Unknown option: '--bogus'").contains("Usage: engram stats");
        CliRunner.Run help = cli.run("help", "cleanup");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("--dry-run").contains("Exit codes:");
    }

    private String store(String content, String type, String user) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("content", content, "type", type, "userId", user))
                .post("/v1/memories").then().statusCode(201).extract().path("id");
    }

    private String experience(String subject, String issueType, boolean success, Duration ago, List<String> actions) {
        Map<String, Object> body = new HashMap<>();
        body.put("subject", subject);
        body.put("issueType", issueType);
        body.put("description", "The model misbehaved: " + issueType);
        body.put("prompt", "Summarise the report");
        body.put("actor", "claude");
        body.put("actions", actions);
        body.put("success", success);
        body.put("occurredAt", Instant.now().minus(ago).truncatedTo(ChronoUnit.MILLIS).toString());
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(body)
                .post("/v1/experiences").then().statusCode(201).extract().path("id");
    }

    private static List<String> ids(JsonNode page) {
        return page.path("items").findValuesAsText("id").stream().filter(id -> id.length() == 36).toList();
    }
}
