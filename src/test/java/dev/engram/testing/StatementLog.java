package dev.engram.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL statements that the application's database executes between {@link #start()} and {@link #stop()}, read
 * from the server log of the suite's own PostgreSQL ({@code log_statement = all} while open). Every statement of
 * every connection to the application's database counts, so a test keeps other work out of the window (e.g. by
 * pausing the scheduler). Transaction control ({@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}) is left out: it is
 * not a query, and the driver sends {@code BEGIN} together with the first statement of a transaction. The pool's own
 * statements are kept apart ({@link Window#pool()}): the driver's validation of a borrowed connection (an empty
 * query, {@code validate-on-borrow}) and the reset of its {@code application_name} on return, which the background
 * validation of idle connections may also issue at any time.
 */
public final class StatementLog implements AutoCloseable {

    private static final Pattern ENTRY = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}.*");
    private static final Pattern STATEMENT =
            Pattern.compile("db=(\\S*) LOG:  (?:statement|execute \\S+): (.*)", Pattern.DOTALL);
    private static final Pattern POOL = Pattern.compile("(?i)|set application_name = .*");
    private static final Pattern TRANSACTION_CONTROL =
            Pattern.compile("(?i)\\s*(begin|commit|rollback|start transaction)\\s*;?\\s*");

    private final Path file;
    private final String database;
    private final String marker = "engram-statement-log-" + UUID.randomUUID();
    private long offset;

    private StatementLog(Path file, String database) {
        this.file = file;
        this.database = database;
    }

    /** True when the suite runs its own PostgreSQL, whose log this class reads. */
    public static boolean available() {
        return TestServices.ownsPostgres() && TestServices.postgresLog() != null;
    }

    /** Turns statement logging on for every session (existing ones on their next statement) and opens a window. */
    public static StatementLog start() {
        StatementLog log = new StatementLog(TestServices.postgresLog(), TestServices.databaseName());
        TestServices.postgresAdmin("alter system set log_statement = 'all'");
        TestServices.postgresAdmin("alter system set log_line_prefix = '%m [%p] db=%d '");
        TestServices.postgresAdmin("select pg_reload_conf()");
        log.awaitSetting("all");
        log.begin();
        return log;
    }

    /** Starts a new window: the statements that {@link #stop()} returns are those executed after this call. */
    public void begin() {
        try {
            offset = Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        mark("start");
    }

    /** The statements executed since {@link #begin()}, in the order the server received them. */
    public Window stop() {
        mark("stop");
        List<String> out = new ArrayList<>();
        List<String> pool = new ArrayList<>();
        boolean open = false;
        for (String entry : entries()) {
            Matcher m = STATEMENT.matcher(entry);
            if (!m.find() || !m.group(1).equals(database)) {
                continue;
            }
            String sql = m.group(2).strip();
            if (sql.contains(marker)) {
                if (sql.contains(marker + " stop")) {
                    return new Window(List.copyOf(out), List.copyOf(pool));
                }
                open = true;
            } else if (open && POOL.matcher(sql).matches()) {
                pool.add(sql);
            } else if (open && !TRANSACTION_CONTROL.matcher(sql).matches()) {
                out.add(sql);
            }
        }
        throw new IllegalStateException("the end marker is missing from " + file);
    }

    /**
     * What one window saw: the statements of the code under test, and those of the connection pool (validation of a
     * borrowed connection, reset of a returned one).
     */
    public record Window(List<String> statements, List<String> pool) {
    }

    /** Statement logging back to the server's configuration. */
    @Override
    public void close() {
        TestServices.postgresAdmin("alter system reset log_statement");
        TestServices.postgresAdmin("alter system reset log_line_prefix");
        TestServices.postgresAdmin("select pg_reload_conf()");
    }

    private void mark(String what) {
        TestServices.postgresAdmin("select '" + marker + " " + what + "'");
    }

    /** The log's entries since the window opened, each with its continuation lines. */
    private List<String> entries() {
        List<String> entries = new ArrayList<>();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) (in.length() - offset)];
            in.seek(offset);
            in.readFully(bytes);
            StringBuilder entry = null;
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (ENTRY.matcher(line).matches()) {
                    if (entry != null) {
                        entries.add(entry.toString());
                    }
                    entry = new StringBuilder(line);
                } else if (entry != null) {
                    entry.append('\n').append(line);
                }
            }
            if (entry != null) {
                entries.add(entry.toString());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return entries;
    }

    /** Waits until new sessions see the setting: the postmaster has reloaded and signalled every backend. */
    private void awaitSetting(String expected) {
        String url = "jdbc:postgresql://" + urlHostAndPort() + "/" + database;
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (Connection c = DriverManager.getConnection(url, TestServices.appUser(), TestServices.appPassword());
             Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("select current_setting('log_statement')")) {
                    rs.next();
                    if (rs.getString(1).toLowerCase(Locale.ROOT).equals(expected)) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("log_statement did not become " + expected);
    }

    private static String urlHostAndPort() {
        String url = TestServices.config().get("quarkus.datasource.jdbc.url");
        String rest = url.substring("jdbc:postgresql://".length());
        return rest.substring(0, rest.indexOf('/'));
    }
}
