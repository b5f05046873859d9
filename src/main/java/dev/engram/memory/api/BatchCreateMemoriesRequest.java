package dev.engram.memory.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/** Up to the configured batch limit (default 1000) memories, stored in one transaction, embedded in batches. */
public record BatchCreateMemoriesRequest(@NotEmpty List<@NotNull @Valid CreateMemoryRequest> memories) {
}
