package dev.engram.memory;

import dev.engram.memory.api.CreateMemoryRequest;
import dev.engram.memory.api.MemoryResponse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Loading memories by id (what a search does with its hits): only the tenant's own, each once, deleted ones left out. */
@QuarkusTest
class MemoryLookupTest {

    @Inject
    MemoryWriteService writes;
    @Inject
    MemoryService memories;

    private UUID store(String tenant, String content) {
        return writes.create(tenant, new CreateMemoryRequest("semantic", content, null, null, null, null, null, 0.5,
                null, null, null, null, null, null, null, null, null, null, "lookup-test")).id();
    }

    @Test
    void shouldLoadOnlyTheTenantsOwnMemoriesEachOnce() {
        String tenant = "lookup-" + UUID.randomUUID();
        String other = "lookup-other-" + UUID.randomUUID();
        UUID first = store(tenant, "The invoice run starts on the first of the month");
        UUID second = store(tenant, "Backups are kept for thirty days");
        UUID deleted = store(tenant, "The old VPN endpoint is vpn1.example.org");
        UUID foreign = store(other, "Another tenant's secret: the launch is in May");
        writes.delete(tenant, deleted);

        Map<UUID, MemoryResponse> loaded = memories.findByIds(tenant,
                List.of(second, foreign, first, second, deleted, UUID.randomUUID()));

        assertThat(loaded).containsOnlyKeys(first, second);
        assertThat(loaded.get(first).content()).isEqualTo("The invoice run starts on the first of the month");
        assertThat(memories.findByIds(other, List.of(first, second, foreign))).containsOnlyKeys(foreign);
        assertThat(memories.findByIds(tenant, List.of())).isEmpty();
    }
}
