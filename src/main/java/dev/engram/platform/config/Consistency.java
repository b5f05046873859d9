package dev.engram.platform.config;

import java.time.Duration;
import java.util.List;

/** Settings whose values constrain each other; see {@link Consistent}. */
public interface Consistency {

    /** One sentence per contradiction, naming the properties involved; empty when the settings agree. */
    List<String> inconsistencies();

    /** Adds a sentence to {@code problems} unless {@code min <= value <= max} (a default between its bounds). */
    static void between(List<String> problems, String name, Duration value, String minName, Duration min,
                        String maxName, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(name + " (" + value + ") is not between " + minName + " (" + min + ") and " + maxName + " ("
                    + max + ")");
        }
    }
}
