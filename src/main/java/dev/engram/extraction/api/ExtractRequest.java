package dev.engram.extraction.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Text to extract key information from; {@code extractTypes} limits the kinds (default: all). */
public record ExtractRequest(@NotBlank @Size(max = 32768) String text, @Size(max = 5) List<@NotNull ExtractType> extractTypes) {
}
