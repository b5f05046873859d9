package dev.engram.maintenance.api;

/**
 * What {@code POST /v1/maintenance/optimize} did: its own run (type {@code optimize}, with the freed space), the
 * consolidation and cleanup runs it started (recorded as runs of their own too) and the VACUUM step.
 */
public record OptimizeResponse(MaintenanceRunResponse run, MaintenanceRunResponse consolidation,
                               MaintenanceRunResponse cleanup, VacuumResult vacuum) {
}
