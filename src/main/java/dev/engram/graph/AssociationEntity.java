package dev.engram.graph;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A directed, typed, weighted edge between two memories of one tenant. */
@Entity
@Table(name = "association")
class AssociationEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
    @Column(name = "source_id", nullable = false, updatable = false)
    public UUID sourceId;
    @Column(name = "target_id", nullable = false, updatable = false)
    public UUID targetId;
    @Column(name = "association_type", nullable = false, updatable = false)
    public String associationType;
    public float strength;
    public float confidence;
    public String description;
    @Column(name = "learned_automatically", nullable = false)
    public boolean learnedAutomatically;
    @Column(name = "usage_count")
    public int usageCount;
    @Column(name = "last_used")
    public Instant lastUsed;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
