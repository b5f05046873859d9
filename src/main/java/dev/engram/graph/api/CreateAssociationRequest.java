package dev.engram.graph.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * A directed edge {@code sourceId → targetId} of a configured {@code type} (related, similar, causes, caused_by,
 * supports, contradicts, follows, part_of, example_of, derived_from by default). Strength defaults to 0.5,
 * confidence to 1.
 */
public record CreateAssociationRequest(
        @NotNull UUID sourceId,
        @NotNull UUID targetId,
        @NotBlank @Size(max = 64) String type,
        @DecimalMin("0.0") @DecimalMax("1.0") Double strength,
        @DecimalMin("0.0") @DecimalMax("1.0") Double confidence,
        @Size(max = 4000) String description) {
}
