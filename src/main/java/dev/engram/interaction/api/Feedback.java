package dev.engram.interaction.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How the user judged a response; every field is optional. */
public record Feedback(Boolean helpful, Boolean relevant, @Min(1) @Max(5) Integer rating) {
}
