package dev.engram.graph.api;

import java.util.List;
import java.util.UUID;

/** A memory's associations in the asked direction, strongest first. */
public record MemoryAssociationsResponse(UUID memoryId, String direction, List<AssociationResponse> items) {
}
