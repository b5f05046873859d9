package dev.engram.session;

import dev.engram.platform.ProblemException;
import dev.engram.platform.ProblemType;
import dev.engram.platform.Violation;

import java.util.regex.Pattern;

/** Session ids are chosen by clients; they must be safe inside a Redis key. */
final class SessionIds {

    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

    private SessionIds() {
    }

    static String require(String sessionId) {
        if (sessionId == null || !VALID.matcher(sessionId).matches()) {
            String message = "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_' or '-', starting with a letter or digit";
            throw ProblemException.withViolation(ProblemType.INVALID_PARAMETER, "sessionId " + message,
                    new Violation("sessionId", "path", message));
        }
        return sessionId;
    }
}
