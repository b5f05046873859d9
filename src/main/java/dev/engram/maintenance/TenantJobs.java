package dev.engram.maintenance;

import dev.engram.maintenance.api.MaintenanceRunResponse;
import dev.engram.platform.ClusterJob;

import java.util.List;
import java.util.function.Function;

/** Runs a per-tenant maintenance use case for every tenant and sums the runs into one job result. */
final class TenantJobs {

    private TenantJobs() {
    }

    static ClusterJob.Result forEachTenant(List<String> tenants, Function<String, MaintenanceRunResponse> run) {
        long processed = 0;
        long deleted = 0;
        long archived = 0;
        long updated = 0;
        long bytes = 0;
        int failed = 0;
        for (String tenant : tenants) {
            MaintenanceRunResponse r = run.apply(tenant);
            processed += r.processed();
            deleted += r.deleted();
            archived += r.archived();
            updated += r.updated();
            bytes += r.spaceFreedBytes();
            failed += r.success() ? 0 : 1;
        }
        return new ClusterJob.Result(failed == 0, "tenants=" + tenants.size() + " failedTenants=" + failed
                + " processed=" + processed + " deleted=" + deleted + " archived=" + archived + " updated=" + updated
                + " spaceFreedBytes=" + bytes);
    }
}
