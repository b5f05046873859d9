package dev.engram.maintenance.api;

import java.util.List;
import java.util.UUID;

/** One group of near-duplicate memories: the survivor and the memories merged into it (superseded by it). */
public record ConsolidationGroup(UUID survivorId, List<UUID> supersededIds) {
}
