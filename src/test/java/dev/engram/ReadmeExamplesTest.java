package dev.engram;

import dev.engram.tenant.TestAuth;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's curl examples, run as written with bash and curl against the application (only the address, the keys
 * and the example tenant's id are swapped in): every call is answered 2xx, except an example that shows a problem,
 * which must get that problem. The front door stays true.
 */
@QuarkusTest
class ReadmeExamplesTest {

    private static final Pattern BASH = Pattern.compile("```(?:bash|sh)\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SHOWN_PROBLEM = Pattern.compile("# \\{\"type\":\"(https://engram\\.dev/problems/[a-z-]+)\"");
    /** Wraps curl: the body goes to stdout as usual, the status and the call to a log the test reads. */
    private static final String PRELUDE = """
            set -euo pipefail
            curl() {
              local body; body=$(mktemp)
              local code; code=$(command curl -sS -o "$body" -w '%{http_code}' "$@")
              cat "$body"; rm -f "$body"
              local url=""; for arg in "$@"; do case "$arg" in http*) url="$arg";; esac; done
              printf '%s %s\\n' "$code" "$url" >> "$CALLS"
            }
            """;

    @TestHTTPResource("/")
    URL app;

    record Example(String script, String expectedProblem) {
    }

    @Test
    void everyCurlExampleOfTheReadmeShouldWorkAsWritten(@TempDir Path dir) throws Exception {
        List<Example> examples = examples(Files.readString(Path.of("README.md")));
        assertThat(examples).as("curl examples in README.md").hasSizeGreaterThanOrEqualTo(10);
        String base = app.toString().replaceAll("/$", "");
        String tenant = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> outputs = new ArrayList<>();
        for (Example example : examples) {
            String script = example.script().replace("http://127.0.0.1:8080", base)
                    .replace("$(cat .engram/operator-key)", TestAuth.OPERATOR_KEY)
                    .replace("\"acme\"", "\"" + tenant + "\"").replace("/tenants/acme/", "/tenants/" + tenant + "/");
            Path calls = dir.resolve("calls-" + outputs.size());
            Files.createFile(calls);
            // in the test's own directory: files an example writes (batch.json.gz, an export) stay out of the checkout
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", PRELUDE + script).redirectErrorStream(true)
                    .directory(dir.toFile());
            pb.environment().put("ENGRAM_KEY", TestAuth.defaultKey());
            pb.environment().put("CALLS", calls.toString());
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            outputs.add(output);
            String context = example.script() + "\n→ " + output;

            assertThat(process.exitValue()).as(context).isZero();
            List<String> statuses = Files.readAllLines(calls);
            assertThat(statuses).as(context).isNotEmpty();
            if (example.expectedProblem() == null) {
                assertThat(statuses).as(context).allSatisfy(line -> assertThat(line).matches("2\\d\\d .*"));
            } else {
                assertThat(statuses).as(context).singleElement().satisfies(line -> assertThat(line).matches("4\\d\\d .*"));
                assertThat(output).as(context).contains("\"type\":\"" + example.expectedProblem() + "\"")
                        .doesNotContain("Exception", "\tat ");
            }
        }
        // what the examples say they do, they do
        assertThat(outputs).anySatisfy(o -> assertThat(o).contains("\"key\":\"egm_"));
        assertThat(outputs).anySatisfy(o -> assertThat(o).contains("\"hits\"")
                .contains("User prefers morning meetings, ideally before 10am").contains("\"explain\""));
        assertThat(outputs).anySatisfy(o -> assertThat(o).contains("Budget is 2000 EUR"));
        assertThat(outputs).anySatisfy(o -> assertThat(o).contains("\"tempC\":21"));
    }

    /** Every bash block that calls the service, in order, with the problem type its comment shows (if any). */
    static List<Example> examples(String readme) {
        List<Example> out = new ArrayList<>();
        Matcher block = BASH.matcher(readme);
        while (block.find()) {
            String script = block.group(1);
            if (!script.contains("curl ") || !script.contains("http://127.0.0.1:8080")) {
                continue;
            }
            Matcher problem = SHOWN_PROBLEM.matcher(script);
            out.add(new Example(script, problem.find() ? problem.group(1) : null));
        }
        return out;
    }

    /** Every documented call of the API sends a key: without one it is a 401 (the docs' examples predate keys). */
    @Test
    void everyDocumentedCurlCallOfTheApiShouldSendAnApiKey() throws IOException {
        List<String> withoutKey = new ArrayList<>();
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (var docs = Files.list(Path.of("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        int calls = 0;
        for (Path page : pages) {
            Matcher block = BASH.matcher(Files.readString(page));
            while (block.find()) {
                // a header kept in a variable, as in OP="Authorization: Bearer …"; curl -H "$OP"
                List<String> headerVariables = new ArrayList<>();
                Matcher variable = Pattern.compile("(\\w+)=\"Authorization: Bearer").matcher(block.group(1));
                while (variable.find()) {
                    headerVariables.add("\"$" + variable.group(1) + "\"");
                }
                for (String command : block.group(1).replace("\\\n", " ").split("\n")) {
                    if (command.contains("curl ") && command.contains("/v1/")) {
                        calls++;
                        if (!command.contains("Authorization: Bearer")
                                && headerVariables.stream().noneMatch(command::contains)) {
                            withoutKey.add(page + ": " + command);
                        }
                    }
                }
            }
        }
        assertThat(calls).as("documented curl calls of /v1").isGreaterThan(40);
        assertThat(withoutKey).isEmpty();
    }

    @Test
    void shouldFindTheExamplesAndTheProblemOneShows() throws IOException {
        List<Example> examples = examples(Files.readString(Path.of("README.md")));
        assertThat(examples).filteredOn(e -> e.expectedProblem() != null).extracting(Example::expectedProblem)
                .containsExactly("https://engram.dev/problems/unknown-memory-type");
        assertThat(examples).allSatisfy(e -> assertThat(e.script()).doesNotContain("uuidgen"));
    }
}
