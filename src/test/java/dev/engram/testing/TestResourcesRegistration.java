package dev.engram.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link EngramTestResources} for every {@code @QuarkusTest} of the suite. */
@QuarkusTestResource(value = EngramTestResources.class, restrictToAnnotatedClass = false)
public final class TestResourcesRegistration {

    private TestResourcesRegistration() {
    }
}
