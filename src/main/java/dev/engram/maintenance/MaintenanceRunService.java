package dev.engram.maintenance;

import dev.engram.maintenance.api.MaintenanceRunPage;
import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.platform.PageCursor;
import dev.engram.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Reads the tenant's maintenance runs. */
@ApplicationScoped
public class MaintenanceRunService {

    private final MaintenanceRunRepository repository;

    MaintenanceRunService(MaintenanceRunRepository repository) {
        this.repository = repository;
    }

    /** Records a run of another feature (e.g. an erasure) in the audit; joins the caller's transaction. */
    public void record(String tenantId, MaintenanceRunResponse run) {
        repository.insert(tenantId, run);
    }

    public MaintenanceRunResponse get(String tenantId, UUID id) {
        return repository.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("Maintenance run", id));
    }

    public MaintenanceRunPage list(String tenantId, String type, String cursor, int limit) {
        List<MaintenanceRunResponse> rows = repository.page(tenantId, type, PageCursor.decode(cursor), limit + 1);
        boolean more = rows.size() > limit;
        List<MaintenanceRunResponse> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new PageCursor(page.get(limit - 1).startedAt(), page.get(limit - 1).id()).encode() : null;
        return new MaintenanceRunPage(List.copyOf(page), next);
    }
}
