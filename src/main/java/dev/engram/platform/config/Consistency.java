package dev.engram.platform.config;

import java.util.List;

/** Settings whose values constrain each other; see {@link Consistent}. */
public interface Consistency {

    /** One sentence per contradiction, naming the properties involved; empty when the settings agree. */
    List<String> inconsistencies();
}
