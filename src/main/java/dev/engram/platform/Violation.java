package dev.engram.platform;

/** One invalid input in a {@code validation-failed} problem: which field, where it came from, what is wrong. */
public record Violation(String field, String in, String message) {
}
