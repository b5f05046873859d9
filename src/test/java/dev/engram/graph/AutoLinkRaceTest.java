package dev.engram.graph;

import dev.engram.memory.VectorConverter;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-linker must not link a new memory to one that a concurrent consolidation supersedes: the consolidation
 * locks and supersedes its near-duplicate while the auto-linker's statement runs (its snapshot still shows the memory
 * live), and commits while the auto-linker waits for the row.
 */
@QuarkusTest
class AutoLinkRaceTest {

    @Inject
    GraphRepository repository;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aMemorySupersededWhileTheLinkerRunsShouldNotBeLinked() throws Exception {
        String tenant = "race-" + UUID.randomUUID();
        Random random = new Random(11);
        float[] base = new float[384];
        float[] near = new float[384];
        float[] other = new float[384];
        for (int i = 0; i < base.length; i++) {
            base[i] = random.nextFloat() - 0.5f;
            near[i] = base[i] + (random.nextFloat() - 0.5f) * 0.05f;
            other[i] = random.nextFloat() - 0.5f;
        }
        UUID duplicate = UUID.randomUUID();   // about to be superseded by survivor
        UUID survivor = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();       // the new memory the linker links
        try (Connection c = dataSource.getConnection()) {
            insert(c, tenant, duplicate, base);
            insert(c, tenant, survivor, other);
            insert(c, tenant, fresh, near);
        }
        ExecutorService linker = Executors.newSingleThreadExecutor();
        try (Connection consolidation = dataSource.getConnection()) {
            consolidation.setAutoCommit(false);
            try (PreparedStatement lock = consolidation.prepareStatement(
                    "select id from memory where id = any(?) order by id for update");
                 PreparedStatement supersede = consolidation.prepareStatement(
                         "update memory set superseded_by = ? where id = ?")) {
                lock.setArray(1, consolidation.createArrayOf("uuid", new Object[]{duplicate, survivor}));
                lock.executeQuery().close();
                supersede.setObject(1, survivor);
                supersede.setObject(2, duplicate);
                supersede.executeUpdate();
            }
            Future<Integer> linked = linker.submit(() -> repository.autoLink(tenant, List.of(fresh), 5, 0.5,
                    Instant.now(), 40));
            assertThat(awaitLinkerWaitingForALock()).as("the linker waits for the consolidation's row lock").isTrue();
            consolidation.commit();
            linked.get(30, TimeUnit.SECONDS);
        } finally {
            linker.shutdownNow();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select target_id from association where source_id = ?")) {
            ps.setObject(1, fresh);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getObject(1, UUID.class)).as("no edge to the superseded memory")
                            .isNotEqualTo(duplicate);
                }
            }
        }
    }

    private boolean awaitLinkerWaitingForALock() throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity"
                         + " where wait_event_type = 'Lock' and query like 'insert into association%'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** A memory row with this vector, straight into the table (no embedding, no event: nothing queues a link). */
    static void insert(Connection c, String tenant, UUID id, float[] vector) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("insert into memory (id, tenant_id, type_code, content,"
                + " occurred_at, created_at, updated_at, content_hash, embedding, embedding_model)"
                + " values (?, ?, 'semantic', ?, now(), now(), now(), ?, cast(? as halfvec), 'test')")) {
            ps.setObject(1, id);
            ps.setString(2, tenant);
            ps.setString(3, "memory " + id);
            ps.setString(4, id.toString());
            ps.setString(5, VectorConverter.toText(vector));
            ps.executeUpdate();
        }
    }
}
