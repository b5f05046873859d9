package dev.engram.maintenance.api;

import java.util.List;

/** Maintenance runs, newest first; {@code nextCursor} is null on the last page. */
public record MaintenanceRunPage(List<MaintenanceRunResponse> items, String nextCursor) {
}
