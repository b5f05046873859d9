package dev.engram.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points the application under test at the suite's own PostgreSQL and Redis (see {@link TestServices}). */
public class EngramTestResources implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestServices.config();
    }

    @Override
    public void stop() {
        // The services live for the whole test JVM and stop in its shutdown hook.
    }
}
