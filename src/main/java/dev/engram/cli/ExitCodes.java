package dev.engram.cli;

/**
 * The exit codes of the {@code engram} command (docs/cli.md). Scripts rely on them: keep them stable.
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /**
     * The server answered with a problem (4xx other than 401/403, 5xx), a run failed, an import rejected records, or an
     * export file could not be written.
     */
    public static final int PROBLEM = 1;
    /** Bad command line (unknown command or option, missing or malformed argument): picocli's usage error code. */
    public static final int USAGE = 2;
    /** The server could not be reached: connection refused, unknown host, broken connection or timeout. */
    public static final int UNREACHABLE = 3;
    /** The server refused the key: 401 (missing, unknown, expired or revoked key) or 403 (scope missing). */
    public static final int AUTH = 4;

    private ExitCodes() {
    }

    /** The exit code for an HTTP status: 2xx/3xx → {@link #OK}, 401/403 → {@link #AUTH}, other → {@link #PROBLEM}. */
    public static int forStatus(int status) {
        if (status >= 200 && status < 400) {
            return OK;
        }
        if (status == 401 || status == 403) {
            return AUTH;
        }
        return PROBLEM;
    }
}
