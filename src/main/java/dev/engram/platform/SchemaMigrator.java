package dev.engram.platform;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the Flyway migrations at start-up with the embedding dimension as a placeholder, then checks that the stored
 * vector column matches the configured model. A mismatch refuses to start: mixing vector spaces silently corrupts
 * every search.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);
    private static final Pattern VECTOR_TYPE = Pattern.compile("(?:halfvec|vector)\\((\\d+)\\)");

    private final Flyway flyway;
    private final AgroalDataSource dataSource;

    public SchemaMigrator(Flyway flyway, AgroalDataSource dataSource) {
        this.flyway = flyway;
        this.dataSource = dataSource;
    }

    /** Applies pending migrations, creating the vector column with {@code dimension} on an empty database. */
    public void migrate(int dimension) {
        var result = Flyway.configure()
                .configuration(flyway.getConfiguration())
                .placeholders(Map.of("embedding_dimension", Integer.toString(dimension)))
                .load()
                .migrate();
        LOG.infof("Database schema at version %s (%d migrations applied now)",
                result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion, result.migrationsExecuted);
    }

    /** Refuses to continue when the stored embedding column's dimension differs from the model's. */
    public void verifyEmbeddingDimension(int expected, String model) {
        int stored = storedDimension(dataSource);
        if (stored != expected) {
            throw new IllegalStateException("Embedding dimension mismatch: the database stores " + stored
                    + "-dimensional vectors (memory.embedding), but the configured model " + model + " produces "
                    + expected + ". Configure the model the data was embedded with, or re-embed into a new database.");
        }
    }

    static int storedDimension(AgroalDataSource dataSource) {
        String sql = "select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = to_regclass('memory') and attname = 'embedding'";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("Table memory has no embedding column: migrations did not run");
            }
            Matcher m = VECTOR_TYPE.matcher(rs.getString(1));
            if (!m.find()) {
                throw new IllegalStateException("memory.embedding has type " + rs.getString(1) + ", expected halfvec(n)");
            }
            return Integer.parseInt(m.group(1));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the stored embedding dimension: " + e.getMessage(), e);
        }
    }
}
