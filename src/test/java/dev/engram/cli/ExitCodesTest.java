package dev.engram.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP statuses to exit codes, and problem responses to messages. */
class ExitCodesTest {

    @Test
    void shouldMapStatusesToTheDocumentedExitCodes() {
        assertThat(ExitCodes.forStatus(200)).isEqualTo(ExitCodes.OK).isZero();
        assertThat(ExitCodes.forStatus(201)).isEqualTo(ExitCodes.OK);
        assertThat(ExitCodes.forStatus(202)).isEqualTo(ExitCodes.OK);
        assertThat(ExitCodes.forStatus(401)).isEqualTo(ExitCodes.AUTH).isEqualTo(4);
        assertThat(ExitCodes.forStatus(403)).isEqualTo(ExitCodes.AUTH);
        assertThat(ExitCodes.forStatus(400)).isEqualTo(ExitCodes.PROBLEM).isEqualTo(1);
        assertThat(ExitCodes.forStatus(404)).isEqualTo(ExitCodes.PROBLEM);
        assertThat(ExitCodes.forStatus(429)).isEqualTo(ExitCodes.PROBLEM);
        assertThat(ExitCodes.forStatus(503)).isEqualTo(ExitCodes.PROBLEM);
        assertThat(ExitCodes.USAGE).isEqualTo(picocli.CommandLine.ExitCode.USAGE).isEqualTo(2);
        assertThat(ExitCodes.UNREACHABLE).isEqualTo(3);
    }

    @Test
    void shouldDescribeProblemsWithTitleDetailAndViolations() {
        String body = """
                {"type":"https://engram.dev/problems/invalid-parameter","title":"Invalid parameter","status":400,
                 "detail":"Query parameter 'days' is invalid","violations":[{"field":"days","in":"query",
                 "message":"must be between 1 and 366"}]}""";
        assertThat(Problems.describe(400, body)).isEqualTo("Invalid parameter: Query parameter 'days' is invalid "
                + "(HTTP 400)\n  days: must be between 1 and 366");
    }

    @Test
    void shouldHintWhereTheKeyComesFromOn401() {
        assertThat(Problems.describe(401, "{\"title\":\"Authentication required\",\"detail\":\"Unknown API key\"}"))
                .startsWith("Authentication required: Unknown API key (HTTP 401)").contains("ENGRAM_KEY");
    }

    @Test
    void shouldDescribeAnswersThatAreNotProblems() {
        assertThat(Problems.describe(502, "<html>Bad gateway</html>\nmore")).isEqualTo("HTTP 502: <html>Bad gateway</html>");
        assertThat(Problems.describe(500, "")).isEqualTo("HTTP 500");
        assertThat(Problems.describe(500, null)).isEqualTo("HTTP 500");
        assertThat(Problems.describe(418, "x".repeat(500))).hasSize("HTTP 418: ".length() + 200);
    }
}
