package dev.engram.memorytype;

import dev.engram.memory.MemoryService;
import dev.engram.memorytype.api.CreateMemoryTypeRequest;
import dev.engram.memorytype.api.MemoryTypeResponse;
import dev.engram.memorytype.api.RetentionPeriod;
import dev.engram.memorytype.api.UpdateMemoryTypeRequest;
import dev.engram.platform.DatabaseFailures;
import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Memory types: built-in rows shared by all tenants, tenant overrides and tenant custom types. */
@ApplicationScoped
public class MemoryTypeService {

    private final MemoryTypeRepository repository;
    private final MemoryService memories;
    private final Clock clock;

    MemoryTypeService(MemoryTypeRepository repository, MemoryService memories, Clock clock) {
        this.repository = repository;
        this.memories = memories;
        this.clock = clock;
    }

    public List<MemoryTypeResponse> list(String tenantId) {
        return repository.effective(tenantId).values().stream().map(MemoryTypeService::toResponse).toList();
    }

    public MemoryTypeResponse get(String tenantId, String code) {
        MemoryTypeEntity type = repository.effective(tenantId).get(code);
        if (type == null) {
            throw ProblemException.notFound("Memory type", code);
        }
        return toResponse(type);
    }

    /** A {@code conflict} when the code exists, also when a concurrent request created it first. */
    public MemoryTypeResponse create(String tenantId, CreateMemoryTypeRequest request) {
        Long retention = retentionSeconds(request.retentionPeriod());
        try {
            return QuarkusTransaction.requiringNew().call(() -> insert(tenantId, request, retention));
        } catch (RuntimeException e) {
            if (!(e instanceof ProblemException) && DatabaseFailures.isUniqueViolation(e)) {
                throw exists(request.code());
            }
            throw e;
        }
    }

    private static ProblemException exists(String code) {
        return new ProblemException(ProblemType.CONFLICT, "Memory type '" + code + "' already exists",
                Map.of("code", code));
    }

    private MemoryTypeResponse insert(String tenantId, CreateMemoryTypeRequest request, Long retention) {
        if (repository.effective(tenantId).containsKey(request.code())) {
            throw exists(request.code());
        }
        MemoryTypeEntity e = new MemoryTypeEntity();
        e.key = new MemoryTypeEntity.Key(tenantId, request.code());
        e.name = request.name();
        e.description = request.description();
        e.retentionSeconds = retention;
        e.maxCapacity = request.maxCapacity();
        e.priority = request.priority() == null ? 0 : request.priority();
        e.active = request.active() == null || request.active();
        e.createdAt = clock.instant();
        e.updatedAt = e.createdAt;
        repository.persist(e);
        repository.flush(); // a concurrent insert of the same code fails here, inside the transaction
        return toResponse(e);
    }

    /**
     * Updates a tenant's type; changing a built-in type stores a tenant override with the changes. When a concurrent
     * request stored that override first, the update runs once more and changes the override instead.
     */
    public MemoryTypeResponse update(String tenantId, String code, UpdateMemoryTypeRequest request) {
        Long retention = retentionSeconds(request.retentionPeriod());
        try {
            return updateOnce(tenantId, code, request, retention);
        } catch (RuntimeException e) {
            if (e instanceof ProblemException || !DatabaseFailures.isUniqueViolation(e)) {
                throw e;
            }
            return updateOnce(tenantId, code, request, retention);
        }
    }

    private MemoryTypeResponse updateOnce(String tenantId, String code, UpdateMemoryTypeRequest request,
                                          Long retention) {
        return QuarkusTransaction.requiringNew().call(() -> {
            repository.lockOwnForChange(tenantId, code); // a concurrent PATCH or delete finishes first: no stale row
            MemoryTypeEntity current = repository.effective(tenantId).get(code);
            if (current == null) {
                throw ProblemException.notFound("Memory type", code);
            }
            MemoryTypeEntity target = current.builtIn() ? overrideOf(current, tenantId) : current;
            if (request.name() != null) target.name = request.name();
            if (request.description() != null) target.description = request.description();
            if (request.retentionPeriod() != null) target.retentionSeconds = retention;
            if (request.maxCapacity() != null) target.maxCapacity = request.maxCapacity();
            if (request.priority() != null) target.priority = request.priority();
            if (request.active() != null) target.active = request.active();
            target.updatedAt = clock.instant();
            if (current.builtIn()) {
                repository.persist(target);
                repository.flush();
            }
            return toResponse(target);
        });
    }

    /**
     * Deletes a custom type or a tenant override (reverting to the built-in); built-in types cannot be deleted. The
     * row is locked {@code FOR UPDATE} and the memories of the type are counted in the same transaction: a memory
     * write holding the type {@code FOR KEY SHARE} ({@link #lockActive}) commits first and is counted (409), and one
     * that comes later waits and then finds the type gone (400). A concurrent delete of the same type finds it gone
     * (404).
     */
    public void delete(String tenantId, String code) {
        QuarkusTransaction.requiringNew().run(() -> {
            MemoryTypeEntity own = repository.lockOwn(tenantId, code);
            boolean builtIn = repository.findById(
                    new MemoryTypeEntity.Key(MemoryTypeEntity.SYSTEM_TENANT, code)) != null;
            if (own == null && builtIn) {
                throw new ProblemException(ProblemType.CONFLICT, "Built-in memory type '" + code
                        + "' cannot be deleted; set active=false to stop its use", Map.of("code", code));
            }
            if (own == null) {
                throw ProblemException.notFound("Memory type", code);
            }
            long inUse = builtIn ? 0 : memories.countByType(tenantId, code);
            if (inUse > 0) {
                throw new ProblemException(ProblemType.CONFLICT, "Memory type '" + code + "' is used by "
                        + inUse + " memories; deactivate it instead", Map.of("code", code));
            }
            repository.delete(own);
        });
    }

    /**
     * Checks that every code names an active type of the tenant: before a write's transaction, to fail fast (before
     * embedding); {@link #lockActive} checks again inside it.
     *
     * @throws ProblemException {@code unknown-memory-type} listing the valid codes
     */
    public void requireActive(String tenantId, Collection<String> codes) {
        requireActive(tenantId, codes, repository.effective(tenantId));
    }

    /**
     * Inside a memory write's transaction: checks that every code names an active type of the tenant and locks the
     * type rows {@code FOR KEY SHARE} until the transaction ends, so that the type cannot be deleted while memories
     * of it are being written (see {@link #delete}).
     *
     * @throws ProblemException {@code unknown-memory-type} listing the valid codes
     */
    public void lockActive(String tenantId, Collection<String> codes) {
        if (!codes.isEmpty()) {
            requireActive(tenantId, codes, repository.lockEffective(tenantId, new TreeSet<>(codes)));
        }
    }

    private void requireActive(String tenantId, Collection<String> codes, Map<String, MemoryTypeEntity> types) {
        Set<String> invalid = new TreeSet<>();
        for (String code : codes) {
            MemoryTypeEntity t = types.get(code);
            if (t == null || !t.active) {
                invalid.add(code);
            }
        }
        if (!invalid.isEmpty()) {
            List<String> valid = repository.effective(tenantId).values().stream().filter(t -> t.active)
                    .map(t -> t.key.code).toList();
            throw new ProblemException(ProblemType.UNKNOWN_MEMORY_TYPE, "Unknown or inactive memory type "
                    + String.join(", ", invalid) + "; valid types: " + String.join(", ", valid),
                    Map.of("invalidTypes", List.copyOf(invalid), "validTypes", valid));
        }
    }

    private static MemoryTypeEntity overrideOf(MemoryTypeEntity builtIn, String tenantId) {
        MemoryTypeEntity e = new MemoryTypeEntity();
        e.key = new MemoryTypeEntity.Key(tenantId, builtIn.key.code);
        e.name = builtIn.name;
        e.description = builtIn.description;
        e.retentionSeconds = builtIn.retentionSeconds;
        e.maxCapacity = builtIn.maxCapacity;
        e.priority = builtIn.priority;
        e.active = builtIn.active;
        e.createdAt = builtIn.createdAt;
        return e;
    }

    private static Long retentionSeconds(String period) {
        if (period == null || period.isBlank()) {
            return null;
        }
        try {
            return RetentionPeriod.seconds(period);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("retentionPeriod", e.getMessage());
        }
    }

    private static MemoryTypeResponse toResponse(MemoryTypeEntity e) {
        return new MemoryTypeResponse(e.key.code, e.name, e.description,
                e.retentionSeconds == null ? null : RetentionPeriod.format(e.retentionSeconds),
                e.maxCapacity, e.priority, e.active, e.builtIn(), e.createdAt, e.updatedAt);
    }
}
