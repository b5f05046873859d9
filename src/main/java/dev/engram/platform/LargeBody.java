package dev.engram.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that accepts bodies beyond {@code engram.limits.max-body-bytes} (batches, imports); they are
 * bounded by {@code quarkus.http.limits.max-body-size} only.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface LargeBody {
}
