package dev.engram.memorytype;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

@Entity
@Table(name = "memory_type")
class MemoryTypeEntity extends PanacheEntityBase {

    /** Pseudo-tenant owning the built-in types every tenant sees. */
    static final String SYSTEM_TENANT = "_system";

    @EmbeddedId
    public Key key;
    public String name;
    public String description;
    @Column(name = "retention_seconds")
    public Long retentionSeconds;
    @Column(name = "max_capacity")
    public Integer maxCapacity;
    public int priority;
    public boolean active;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    boolean builtIn() {
        return SYSTEM_TENANT.equals(key.tenantId);
    }

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "tenant_id")
        public String tenantId;
        public String code;

        public Key() {
        }

        Key(String tenantId, String code) {
            this.tenantId = tenantId;
            this.code = code;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(code, k.code);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, code);
        }
    }
}
