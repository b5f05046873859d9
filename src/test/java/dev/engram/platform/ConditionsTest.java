package dev.engram.platform;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionsTest {

    @Test
    void shouldLeaveOutAbsentValuesAndBindThePresentOnes() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-12-07T00:00:00Z");
        Conditions c = Conditions.where("tenantId = :t", "t", "acme")
                .and("userId = :u", "u", null)
                .and("typeCode in :types", "types", List.of())
                .and("agentId = :a", "a", "bot")
                .and("importance >= :i", "i", Conditions.real(0.5))
                .and("confidence >= :c", "c", Conditions.real(null))
                .before(new PageCursor(at, id));

        assertThat(c.orderBy("createdAt desc, id desc")).isEqualTo("tenantId = :t and agentId = :a and importance >= :i"
                + " and (createdAt < :cAt or (createdAt = :cAt and id < :cId)) order by createdAt desc, id desc");
        assertThat(c.params()).containsOnlyKeys("t", "a", "i", "cAt", "cId").containsEntry("i", 0.5f)
                .containsEntry("cAt", at).containsEntry("cId", id);
    }

    @Test
    void shouldNotPageTheFirstPage() {
        Conditions c = Conditions.where("tenantId = :t", "t", "acme").before(null).before(null, null);
        assertThat(c.orderBy("id")).isEqualTo("tenantId = :t order by id");
        assertThat(c.params()).containsOnlyKeys("t");
    }
}
