package dev.engram.interaction.api;

import dev.engram.extraction.api.SuggestedMemory;
import dev.engram.memory.api.MemoryResponse;
import dev.engram.memory.api.ScoreChange;

import java.util.List;
import java.util.UUID;

/**
 * What recording an interaction did: the episodic memory of the exchange, the typed memories extracted from the
 * user's input ({@code extracted}), suggestions skipped because the same content is already stored
 * ({@code duplicates}), the extraction method, the feedback signal in [-1, 1] (null without feedback), the score
 * changes of the used memories, and used ids that are not memories of this tenant ({@code missingMemoryIds}).
 */
public record InteractionResponse(MemoryResponse interaction, List<MemoryResponse> extracted,
                                  List<SuggestedMemory> duplicates, String extractionMethod, Double feedbackSignal,
                                  List<ScoreChange> adjustments, List<UUID> missingMemoryIds) {
}
