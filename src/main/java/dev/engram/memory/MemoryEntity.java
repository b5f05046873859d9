package dev.engram.memory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A long-term memory row. The embedding is written through {@code cast(? as halfvec)} and loaded only when read. */
@Entity
@Table(name = "memory")
class MemoryEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
    @Column(name = "type_code", nullable = false)
    public String typeCode;
    @Column(name = "context_id")
    public UUID contextId;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "agent_id")
    public String agentId;
    public String title;
    @Column(nullable = false)
    public String content;
    public String summary;
    @Column(name = "search_context")
    public String searchContext;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "structured_data")
    public Map<String, Object> structuredData;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] keywords;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] entities;
    public float importance;
    public float confidence;
    /** Read-only: retrievals are counted in the memory_access side table (see {@link AccessTracker}). */
    @Formula("coalesce((select a.access_count from memory_access a where a.memory_id = id), 0)")
    public int accessCount;
    @Formula("(select a.last_accessed from memory_access a where a.memory_id = id)")
    public Instant lastAccessed;
    @Column(name = "learned_from")
    public String learnedFrom;
    @Column(name = "validation_status")
    @Convert(converter = ValidationStatus.DbConverter.class)
    public ValidationStatus validationStatus;
    @Column(name = "expires_at")
    public Instant expiresAt;
    public boolean permanent;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata;
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
    /** When decay last counted this memory's idle time; a PATCH of its importance sets it (decay counts from then). */
    @Column(name = "importance_decayed_at")
    public Instant importanceDecayedAt;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Column(name = "created_by", updatable = false)
    public String createdBy;
    @Column(name = "content_hash", nullable = false)
    public String contentHash;
    @Basic(fetch = FetchType.LAZY)
    @Convert(converter = VectorConverter.class)
    @ColumnTransformer(read = "embedding::text", write = "cast(? as halfvec)")
    public float[] embedding;
    @Column(name = "embedding_model")
    public String embeddingModel;
    /** Set by consolidation only (never written through the entity). */
    @Column(name = "superseded_by", insertable = false, updatable = false)
    public UUID supersededBy;
    @Column(name = "superseded_at", insertable = false, updatable = false)
    public Instant supersededAt;
    @Version
    public long version;
}
