package dev.engram.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the CLI reads and writes besides the network: stdout (text and raw bytes for {@code export -}), stderr, stdin
 * ({@code import -}), the environment, the working directory and whether stderr is a terminal (progress bars).
 * Tests pass their own.
 */
record Io(OutputStream stdout, PrintWriter out, PrintWriter err, InputStream stdin, Map<String, String> env,
          Path workingDirectory, boolean stderrTerminal) {

    /** Set by {@code bin/engram} from {@code [ -t 2 ]}; Java alone cannot tell whether stderr is a terminal. */
    static final String STDERR_TTY_PROPERTY = "engram.cli.stderr-tty";

    static Io system() {
        PrintStream stdout = System.out;
        String tty = System.getProperty(STDERR_TTY_PROPERTY);
        boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
        return new Io(stdout, new PrintWriter(stdout, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in, System.getenv(),
                Path.of("").toAbsolutePath(), terminal);
    }
}
