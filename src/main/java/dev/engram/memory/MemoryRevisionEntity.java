package dev.engram.memory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An earlier version of a memory: the memory as a GET answered it before a PATCH replaced it. */
@Entity
@Table(name = "memory_revision")
class MemoryRevisionEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "memory_id", nullable = false, updatable = false)
    public UUID memoryId;
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
    @Column(nullable = false, updatable = false)
    public long version;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false)
    public Map<String, Object> snapshot;
    @Column(name = "replaced_at", nullable = false, updatable = false)
    public Instant replacedAt;
}
