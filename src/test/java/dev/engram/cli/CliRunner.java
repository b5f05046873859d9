package dev.engram.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with captured stdout and stderr, an explicit environment and working directory. */
final class CliRunner {

    record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final String url;
    private final String key;
    private Map<String, String> env = Map.of();
    private Path workingDirectory = Path.of("target");
    private boolean terminal;
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private OutputStream stdout;

    CliRunner(String url, String key) {
        this.url = url;
        this.key = key;
    }

    CliRunner env(Map<String, String> env) {
        this.env = env;
        return this;
    }

    CliRunner workingDirectory(Path dir) {
        this.workingDirectory = dir;
        return this;
    }

    CliRunner terminal(boolean terminal) {
        this.terminal = terminal;
        return this;
    }

    CliRunner stdin(byte[] bytes) {
        this.stdin = new ByteArrayInputStream(bytes);
        return this;
    }

    /** Raw bytes (an export to {@code -}) go to this stream instead of the captured stdout. */
    CliRunner stdout(OutputStream out) {
        this.stdout = out;
        return this;
    }

    /** Runs with {@code --url} and {@code --key} (when set) before the arguments. */
    Run run(String... args) {
        List<String> all = new ArrayList<>();
        if (url != null) {
            all.addAll(List.of("--url", url));
        }
        if (key != null) {
            all.addAll(List.of("--key", key));
        }
        all.addAll(List.of(args));
        return raw(all.toArray(String[]::new));
    }

    /** Runs exactly these arguments. */
    Run raw(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter stderr = new StringWriter();
        Io io = new Io(this.stdout != null ? this.stdout : stdout, new PrintWriter(stdout, true, StandardCharsets.UTF_8), new PrintWriter(stderr, true),
                stdin, env, workingDirectory, terminal);
        int exit = EngramCli.run(io, args);
        io.out().flush();
        return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString());
    }
}
