package dev.engram.context;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

@Entity
@Table(name = "context")
class ContextEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
    @Column(name = "context_type", nullable = false)
    public String contextType;
    @Column(nullable = false)
    public String name;
    public String description;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "agent_id")
    public String agentId;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] tags;
    public String status;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "last_accessed")
    public Instant lastAccessed;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Version
    public long version;
}
