package dev.engram.knowledge;

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

/** One version of a knowledge entry: a JSON snapshot of the entry as written. */
@Entity
@Table(name = "knowledge_version")
class KnowledgeVersionEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "entry_id", nullable = false, updatable = false)
    public UUID entryId;
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
    @Column(nullable = false, updatable = false)
    public long version;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false)
    public Map<String, Object> snapshot;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
