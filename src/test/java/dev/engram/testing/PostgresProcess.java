package dev.engram.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for the test suite, started from the locally installed binaries on a free loopback
 * port with its data in a temporary directory (as the {@code postgres} user when the tests run as root, because
 * PostgreSQL refuses to run as root). With {@code ENGRAM_TEST_DB_URL} (+ {@code _USER}/{@code _PASSWORD}) an
 * external server is used instead: a fresh database is created in it and dropped afterwards.
 */
final class PostgresProcess {

    static final String APP_USER = "engram";
    static final String APP_PASSWORD = "engram";

    private final Path dataDir;
    private final Path binDir;
    private final int port;
    private final String externalAdminUrl;
    private final String adminUser;
    private final String adminPassword;
    private final List<String> databases = new ArrayList<>();

    private PostgresProcess(Path dataDir, Path binDir, int port, String externalAdminUrl, String adminUser,
                            String adminPassword) {
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.port = port;
        this.externalAdminUrl = externalAdminUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    static PostgresProcess startLocal() throws IOException, InterruptedException {
        Path bin = findBinDir();
        Path dir = Files.createTempDirectory("engram-pg-");
        boolean root = isRoot();
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        int port = FreePorts.find();
        PostgresProcess pg = new PostgresProcess(dir, bin, port, null, "postgres", null);
        pg.run(List.of(bin.resolve("initdb").toString(), "-D", dir.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C", "--no-sync"));
        pg.startServer();
        pg.execAdmin("postgres", "create role " + APP_USER + " login password '" + APP_PASSWORD + "'");
        return pg;
    }

    static PostgresProcess external(String adminUrl, String user, String password) {
        return new PostgresProcess(null, null, -1, adminUrl, user, password);
    }

    /** Creates a new database owned by the application role, with the vector extension (needs a superuser). */
    String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        String owner = externalAdminUrl == null ? APP_USER : adminUser;
        execAdmin(null, "create database " + name + " owner " + owner);
        execAdmin(name, "create extension if not exists vector");
        databases.add(name);
        return jdbcUrl(name);
    }

    String jdbcUrl(String database) {
        if (externalAdminUrl != null) {
            int slash = externalAdminUrl.lastIndexOf('/');
            int query = externalAdminUrl.indexOf('?', slash);
            return externalAdminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : externalAdminUrl.substring(query));
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The server's log file (stderr of the postmaster), or null for an external server. */
    Path logFile() {
        return dataDir == null ? null : dataDir.resolve("server.log");
    }

    /** The name of a database created by {@link #createDatabase}, from its JDBC URL. */
    static String databaseName(String jdbcUrl) {
        String path = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    boolean isExternal() {
        return externalAdminUrl != null;
    }

    String appUser() {
        return externalAdminUrl == null ? APP_USER : adminUser;
    }

    String appPassword() {
        return externalAdminUrl == null ? APP_PASSWORD : adminPassword;
    }

    /** Stops the server abruptly (as a crash would); {@link #startServer()} brings it back with the same data. */
    void stopServer() throws IOException, InterruptedException {
        if (dataDir != null) {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"));
        }
    }

    void startServer() throws IOException, InterruptedException {
        // fsync=off survives a process crash (the OS keeps the pages); synchronous_commit stays on so that an
        // acknowledged commit is in the WAL before the client hears of it, as in production.
        String options = "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c full_page_writes=off -c max_connections=200";
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                dataDir.resolve("server.log").toString(), "-w", "-t", "60", "-o", options, "start"));
    }

    void shutdown() {
        try {
            if (dataDir != null) {
                run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "stop"));
                deleteTree(dataDir);
            } else {
                for (String db : databases) {
                    execAdmin(null, "drop database if exists " + db + " with (force)");
                }
            }
        } catch (Exception e) {
            System.err.println("Could not stop test PostgreSQL cleanly: " + e.getMessage());
        }
    }

    void execAdmin(String database, String sql) {
        String url = database == null
                ? (externalAdminUrl != null ? externalAdminUrl : jdbcUrl("postgres"))
                : jdbcUrl(database);
        try (Connection c = DriverManager.getConnection(url, adminUser, adminPassword); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test PostgreSQL: '" + sql + "' failed: " + e.getMessage(), e);
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("Command failed: " + String.join(" ", full) + "\n" + output);
        }
    }

    static Path findBinDir() {
        String configured = System.getenv("ENGRAM_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                return versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                        .map(p -> p.resolve("bin"))
                        .orElseThrow(() -> new IllegalStateException("No PostgreSQL server under /usr/lib/postgresql: "
                                + "run scripts/install-deps.sh"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL binaries not found: run scripts/install-deps.sh or set ENGRAM_PG_BIN");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
