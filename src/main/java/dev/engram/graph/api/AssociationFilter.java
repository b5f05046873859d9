package dev.engram.graph.api;

import java.util.List;
import java.util.UUID;

/** Filters of {@code GET /v1/associations}; null means "any". {@code memoryId} matches either end of an edge. */
public record AssociationFilter(UUID sourceId, UUID targetId, UUID memoryId, List<String> types,
                                Boolean learnedAutomatically, Double minStrength) {
}
