package dev.engram.learning;

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

/** A learning pattern row; its statistics columns change only through {@link PatternRepository#recordOutcome}. */
@Entity
@Table(name = "learning_pattern")
class PatternEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
    @Column(nullable = false)
    public String name;
    @Column(name = "pattern_type", nullable = false)
    public String patternType;
    public String description;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "agent_id")
    public String agentId;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> conditions;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> actions;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "pattern_data")
    public Map<String, Object> patternData;
    @Column(name = "prior_confidence", nullable = false)
    public float priorConfidence;
    public float confidence;
    public int support;
    public int frequency;
    @Column(name = "applied_count")
    public long appliedCount;
    @Column(name = "success_count")
    public long successCount;
    @Column(name = "success_rate")
    public Float successRate;
    @Column(name = "last_applied")
    public Instant lastApplied;
    public boolean active;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Version
    public long version;
}
