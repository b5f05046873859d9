package dev.engram.maintenance;

import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * The error a failed maintenance run stores and answers: a fixed text with a reference under which the cause is
 * logged, as the 500 problem does. Never the exception's message: a failed transaction's names the driver's classes
 * ({@code org.postgresql.util.PSQLException: ERROR: …}) and the SQL it ran.
 */
final class RunFailure {

    private RunFailure() {
    }

    /** Logs {@code e} (with {@code context}) under a new reference; returns the error to store. */
    static String logged(Logger log, RuntimeException e, String what, String context) {
        String reference = UUID.randomUUID().toString();
        log.errorf(e, "%s failed (%s), reference %s", what, context, reference);
        return what + " failed; the server log has the cause under reference " + reference;
    }
}
