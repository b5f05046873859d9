package dev.engram.interaction.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/**
 * One exchange between a user and an assistant, the user's feedback on the response, and the memories the response
 * used ({@code usedMemoryIds}), whose importance and confidence the feedback adjusts.
 */
public record RecordInteractionRequest(
        @NotBlank @Size(max = 16000) String userInput,
        @NotBlank @Size(max = 16000) String assistantResponse,
        @Valid Feedback feedback,
        @Size(max = 200) String sessionId,
        @Size(max = 200) String userId,
        @Size(max = 200) String agentId,
        UUID contextId,
        @Size(max = 100) List<@NotNull UUID> usedMemoryIds) {
}
