package dev.engram.platform;

/**
 * An answer that holds a secret shown exactly once (a new API key). Nothing may keep it: where an answer is stored to
 * be sent again (an idempotent POST's answer, see {@code IdempotencyFilter}), {@link #whenReplayed()} is stored
 * instead, so a retry learns what was created and what to do, without the secret.
 */
public interface OneTimeSecret {

    /** The problem a replay answers with, or null when this answer holds no secret (it is then stored as it is). */
    ProblemException whenReplayed();
}
