package dev.engram.testing;

import java.util.Map;

/**
 * The PostgreSQL and Redis of one test JVM, started once on first use and stopped when the JVM exits. External
 * services can be given with {@code ENGRAM_TEST_DB_URL} (an admin JDBC URL; {@code ENGRAM_TEST_DB_USER},
 * {@code ENGRAM_TEST_DB_PASSWORD}) and {@code ENGRAM_TEST_REDIS_URL}.
 */
public final class TestServices {

    private static PostgresProcess postgres;
    private static RedisProcess redis;
    private static String databaseUrl;

    private TestServices() {
    }

    public static synchronized Map<String, String> config() {
        ensureStarted();
        return Map.of(
                "quarkus.datasource.jdbc.url", databaseUrl,
                "quarkus.datasource.username", postgres.appUser(),
                "quarkus.datasource.password", postgres.appPassword(),
                "quarkus.redis.hosts", redis.url());
    }

    /** A new empty database with the vector extension, for tests that need their own schema. */
    public static synchronized String newDatabase(String prefix) {
        ensureStarted();
        return postgres.createDatabase(prefix);
    }

    public static synchronized String redisUrl() {
        ensureStarted();
        return redis.url();
    }

    /** True when the suite runs its own PostgreSQL, which tests may stop and start to simulate an outage. */
    public static synchronized boolean ownsPostgres() {
        ensureStarted();
        return !postgres.isExternal();
    }

    /** Stops PostgreSQL abruptly, as a crash would; data stays for {@link #startPostgres()}. */
    public static synchronized void stopPostgres() {
        try {
            postgres.stopServer();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    public static synchronized void startPostgres() {
        try {
            postgres.startServer();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** True when the suite runs its own Redis, which tests may stop and start to simulate an outage. */
    public static synchronized boolean ownsRedis() {
        ensureStarted();
        return !redis.isExternal();
    }

    public static synchronized void stopRedis() {
        try {
            redis.stopServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static synchronized void startRedis() {
        try {
            redis.startServer();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test Redis: " + e.getMessage(), e);
        }
    }

    /** The log file of the suite's own PostgreSQL; null with an external server. */
    public static synchronized java.nio.file.Path postgresLog() {
        ensureStarted();
        return postgres.logFile();
    }

    /** The name of the application's database. */
    public static synchronized String databaseName() {
        ensureStarted();
        return PostgresProcess.databaseName(databaseUrl);
    }

    /** Runs one statement as the superuser in the application's database (e.g. ALTER SYSTEM for a test). */
    public static synchronized void postgresAdmin(String sql) {
        ensureStarted();
        postgres.execAdmin(databaseName(), sql);
    }

    public static synchronized String appUser() {
        ensureStarted();
        return postgres.appUser();
    }

    public static synchronized String appPassword() {
        ensureStarted();
        return postgres.appPassword();
    }

    private static void ensureStarted() {
        if (postgres != null) {
            return;
        }
        try {
            String externalDb = System.getenv("ENGRAM_TEST_DB_URL");
            postgres = externalDb != null && !externalDb.isBlank()
                    ? PostgresProcess.external(externalDb, env("ENGRAM_TEST_DB_USER", "postgres"),
                    env("ENGRAM_TEST_DB_PASSWORD", ""))
                    : PostgresProcess.startLocal();
            String externalRedis = System.getenv("ENGRAM_TEST_REDIS_URL");
            redis = externalRedis != null && !externalRedis.isBlank()
                    ? RedisProcess.external(externalRedis) : RedisProcess.startLocal();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                redis.shutdown();
                postgres.shutdown();
            }, "engram-test-services-stop"));
            databaseUrl = postgres.createDatabase("engram_test");
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test PostgreSQL/Redis: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
