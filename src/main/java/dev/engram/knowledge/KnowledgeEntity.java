package dev.engram.knowledge;

import dev.engram.memory.VectorConverter;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A knowledge base entry. {@code version} is managed by the service (each write adds a knowledge_version row). */
@Entity
@Table(name = "knowledge_entry")
class KnowledgeEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
    @Column(nullable = false)
    public String name;
    @Column(name = "knowledge_type", nullable = false)
    public String knowledgeType;
    public String domain;
    public String description;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> content;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] rules;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Object> examples;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] categories;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] tags;
    public float accuracy;
    public float completeness;
    public float reliability;
    @Column(name = "usage_count")
    public int usageCount;
    @Column(name = "last_used")
    public Instant lastUsed;
    public boolean active;
    @Column(name = "created_by", updatable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Basic(fetch = FetchType.LAZY)
    @Convert(converter = VectorConverter.class)
    @ColumnTransformer(read = "embedding::text", write = "cast(? as halfvec)")
    public float[] embedding;
    @Column(name = "embedding_model")
    public String embeddingModel;
    @Column(nullable = false)
    public long version;
}
