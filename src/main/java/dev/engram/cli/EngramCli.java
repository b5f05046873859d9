package dev.engram.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code engram}: the operator's command-line client of a running Engram server (docs/cli.md). Plain picocli, the
 * JDK's HttpClient and Jackson; packaged alone as {@code target/engram-cli.jar} and started by {@code bin/engram}.
 * Not part of the server: no CDI, no Quarkus.
 */
@Command(name = "engram", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = EngramCli.Version.class,
        usageHelpAutoWidth = true, sortOptions = false,
        description = "Talk to a running Engram server: statistics, insights, recent and successful experiences, "
                + "patterns, search, cleanup, consolidation, export and import.",
        subcommands = {StatsCommand.class, InsightsCommand.class, RecentCommand.class, SuccessfulCommand.class,
                PatternsCommand.class, SearchCommand.class, CleanupCommand.class, ConsolidateCommand.class,
                ExportCommand.class, ImportCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ok",
                "1:the server answered with a problem (its title and detail are printed), a maintenance run failed, "
                        + "an import rejected records, or an export file could not be written",
                "2:usage error (unknown command or option, bad argument)",
                "3:cannot connect to the server, connection broken, or timeout",
                "4:authentication or authorisation refused (401, 403)"},
        footer = {"", "Server and key: --url, else ENGRAM_URL, else http://127.0.0.1:8080; --key, else ENGRAM_KEY, "
                + "else the file .engram/api-key. The key is never printed."})
public class EngramCli implements Callable<Integer> {

    /** The per-request timeout when --timeout is not given (export and import: only the connection is bounded). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 1,
            description = "Engram's base URL (default: $ENGRAM_URL or " + Settings.DEFAULT_URL + ")")
    String url;

    @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "KEY", order = 2,
            description = "API key (default: $ENGRAM_KEY or the file .engram/api-key); prefer the variable or the "
                    + "file, a command line is visible to other users of the machine")
    String key;

    @Option(names = "--json", scope = ScopeType.INHERIT, order = 3,
            description = "print the server's JSON instead of tables")
    boolean json;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", order = 4,
            converter = DurationConverter.class,
            description = "connection and request timeout: 30, 30s, 500ms, 5m (default: 60s; export and import: "
                    + "connection only, unless given)")
    Duration timeout;

    @Option(names = "--wide", scope = ScopeType.INHERIT, order = 5, description = "do not cut long table cells")
    boolean wide;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, order = 6,
            description = "log each HTTP exchange to stderr (the key is redacted)")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final Io io;

    EngramCli(Io io) {
        this.io = io;
    }

    public static void main(String... args) {
        System.exit(run(Io.system(), args));
    }

    static int run(Io io, String... args) {
        return commandLine(io).execute(args);
    }

    static CommandLine commandLine(Io io) {
        EngramCli cli = new EngramCli(io);
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(io.out());
        commandLine.setErr(io.err());
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> cli.handle(e));
        return commandLine;
    }

    @Override
    public Integer call() {
        io.err().println("engram: a command is required");
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }

    Io io() {
        return io;
    }

    /** A client for the configured server; {@code defaultTimeout} applies when --timeout was not given. */
    EngramClient client() {
        return new EngramClient(Settings.url(url, io.env()), Settings.key(key, io.env(), io.workingDirectory()),
                timeout == null ? DEFAULT_TIMEOUT : timeout, verbose, io.err());
    }

    /** --timeout as given, or null. */
    Duration explicitTimeout() {
        return timeout;
    }

    boolean json() {
        return json;
    }

    boolean wide() {
        return wide;
    }

    /** Prints a JSON answer as the server sent it, ending with a newline. */
    void printJson(String body) {
        io.out().print(body.endsWith("\n") ? body : body + "\n");
        io.out().flush();
    }

    void print(String text) {
        io.out().print(text);
        io.out().flush();
    }

    private int handle(Exception e) {
        if (e instanceof CliException c) {
            io.err().println("engram: " + c.getMessage());
            io.err().flush();
            return c.exitCode();
        }
        String key = null;
        try {
            key = Settings.key(this.key, io.env(), io.workingDirectory());
        } catch (CliException ignored) {
            // the key file could not be read: nothing to redact
        }
        io.err().println(Redactor.redact("engram: unexpected error: " + e, key));
        if (verbose) {
            e.printStackTrace(io.err());
        }
        io.err().flush();
        return ExitCodes.PROBLEM;
    }

    /** The version from the jar's manifest ({@code Implementation-Version}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = EngramCli.class.getPackage().getImplementationVersion();
            return new String[] {"engram CLI " + (v == null ? "(development build)" : v)};
        }
    }
}
